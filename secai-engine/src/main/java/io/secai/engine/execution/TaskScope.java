package io.secai.engine.execution;

import io.secai.engine.privacy.Anonymizer;
import io.secai.engine.privacy.AnonymizingLlmClient;
import io.secai.engine.privacy.MaskReport;

import io.secai.api.Artifact;
import io.secai.api.Client;
import io.secai.api.LlmClient;
import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import io.secai.api.SessionContext;
import io.secai.api.TaskContext;
import io.secai.api.TokenUsage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** What one task of a running prompt is given: its view of the session, task-scoped clients, and progress. */
final class TaskScope implements TaskContext {

    /** The service name waits on the model are reported under. */
    static final String MODEL_SERVICE = "Azure OpenAI";

    private final int index;
    private final SessionContext session;
    private final ClientLookup clients;
    private final ProgressListener listener;
    private final BooleanSupplier cancelled;
    private final List<Artifact> artifacts = new CopyOnWriteArrayList<>();
    private volatile TaskLlmClient llm;
    private final Anonymizer anonymizer;
    private final MaskReport masked;
    /** Set when the task's end was decided (done, deadline, cancel): a plugin still running is not heard any more. */
    private volatile boolean stopped;

    TaskScope(int index, SessionContext session, ClientLookup clients, ProgressListener listener,
              BooleanSupplier cancelled) {
        this(index, session, clients, listener, cancelled, null, new MaskReport());
    }

    /** As above; with an anonymizer, the task's model client masks its requests and reports to {@code masked}. */
    TaskScope(int index, SessionContext session, ClientLookup clients, ProgressListener listener,
              BooleanSupplier cancelled, Anonymizer anonymizer, MaskReport masked) {
        this.anonymizer = anonymizer;
        this.masked = masked;
        this.index = index;
        this.session = session;
        this.clients = clients;
        this.listener = listener;
        this.cancelled = cancelled;
    }

    @Override
    public SessionContext session() {
        return session;
    }

    @Override
    public <T extends Client> Optional<T> client(Class<T> type) {
        if (type == LlmClient.class) {
            return llm().map(type::cast);
        }
        return clients.find(type).filter(type::isInstance).map(type::cast);
    }

    @Override
    public void progress(String message) {
        if (stopped) {
            return;
        }
        listener.on(new ProgressEvent.TaskProgress(index, message));
    }

    @Override
    public void artifact(Artifact artifact) {
        if (stopped) {
            return;
        }
        artifacts.add(artifact);
        listener.on(new ProgressEvent.TaskArtifact(index, artifact));
    }

    @Override
    public void textDelta(String text) {
        if (stopped) {
            return;
        }
        listener.on(new ProgressEvent.TaskTextDelta(index, text));
    }

    @Override
    public boolean isCancelled() {
        return stopped || cancelled.getAsBoolean();
    }

    /** Ends the task as far as the user sees it; a plugin that runs on is told it is cancelled. */
    void stop() {
        stopped = true;
    }

    /** @return the model tokens this task spent through its client */
    TokenUsage usage() {
        TaskLlmClient client = llm;
        return client == null ? TokenUsage.NONE : client.usage();
    }

    /** @return the evidence the task showed while it ran */
    List<Artifact> artifacts() {
        return List.copyOf(artifacts);
    }

    private synchronized Optional<TaskLlmClient> llm() {
        if (llm == null) {
            Optional<? extends Client> found = clients.find(LlmClient.class);
            if (found.isEmpty() || !(found.get() instanceof LlmClient model)) {
                return Optional.empty();
            }
            LlmClient scoped = anonymizer == null ? model : new AnonymizingLlmClient(model, anonymizer, masked);
            llm = new TaskLlmClient(scoped, (Duration delay, String reason) ->
                    listener.on(new ProgressEvent.Waiting(MODEL_SERVICE, delay, reason)));
        }
        return Optional.of(llm);
    }
}
