package io.secai.web;

import io.secai.api.Artifact;
import io.secai.api.ProgressEvent;
import io.secai.api.ProgressListener;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Settings;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.Engine;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.session.SessionInfo;
import io.secai.engine.session.SessionTranscript;
import io.secai.engine.session.Sessions;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small, in-memory {@link Engine} for the web layer's own tests: it answers every prompt with one KQL task whose
 * result carries the given Markdown and table, emitting the events the real engine emits. It exists so the HTTP,
 * security and rendering rules can be tested without plugins; end-to-end tests use the real engine.
 */
final class ScriptedEngine implements Engine {

    private final String markdown;
    private final ResultTable table;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Map<String, Stored> sessions = new ConcurrentHashMap<>();

    ScriptedEngine(String markdown, ResultTable table) {
        this.markdown = markdown;
        this.table = table;
    }

    private record Stored(SessionInfo info, List<SessionTranscript.Turn> turns) { }

    @Override
    public List<PluginStatus> plugins() {
        return List.of(new PluginStatus("scripted", "1", "1", "answers from a script", List.of(), Path.of("scripted"),
                PluginStatus.State.LOADED, Optional.empty()));
    }

    @Override
    public List<PluginCommand> commands() {
        return List.of();
    }

    @Override
    public List<String> notices() {
        return List.of();
    }

    @Override
    public Settings settings() {
        throw new UnsupportedOperationException("the scripted engine has no settings");
    }

    @Override
    public Sessions sessions() {
        return new Sessions() {
            @Override
            public SessionInfo create(String owner) {
                Instant now = Instant.now();
                SessionInfo info = new SessionInfo(UUID.randomUUID().toString(), owner, "", now, now, 0,
                        TokenUsage.NONE);
                sessions.put(info.id(), new Stored(info, new ArrayList<>()));
                return info;
            }

            @Override
            public Optional<SessionInfo> find(String owner, String id) {
                return Optional.ofNullable(sessions.get(id)).map(Stored::info).filter(i -> i.owner().equals(owner));
            }

            @Override
            public List<SessionInfo> list(String owner) {
                return sessions.values().stream().map(Stored::info).filter(i -> i.owner().equals(owner))
                        .sorted(Comparator.comparing(SessionInfo::updated).reversed()).toList();
            }

            @Override
            public Optional<SessionTranscript> transcript(String owner, String id) {
                return find(owner, id).map(info -> {
                    Stored stored = sessions.get(id);
                    synchronized (stored) {
                        return new SessionTranscript(info, stored.turns());
                    }
                });
            }

            @Override
            public boolean clear(String owner, String id) {
                if (find(owner, id).isEmpty()) {
                    return false;
                }
                Stored stored = sessions.get(id);
                synchronized (stored) {
                    stored.turns().clear();
                }
                return true;
            }

            @Override
            public boolean delete(String owner, String id) {
                return find(owner, id).isPresent() && sessions.remove(id) != null;
            }
        };
    }

    @Override
    public PromptRun submit(String sessionId, String prompt, ProgressListener listener) {
        CompletableFuture<PromptOutcome> outcome = new CompletableFuture<>();
        String id = UUID.randomUUID().toString();
        Stored stored = sessions.get(sessionId);
        if (stored == null || prompt.isBlank()) {
            outcome.complete(new PromptOutcome(PromptOutcome.Status.REFUSED,
                    stored == null ? "unknown session" : "the prompt is empty", List.of(), List.of(),
                    TokenUsage.NONE, Duration.ZERO));
        } else {
            workers.execute(() -> outcome.complete(run(stored, prompt, listener)));
        }
        return new PromptRun() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public CompletableFuture<PromptOutcome> outcome() {
                return outcome;
            }

            @Override
            public void cancel() {
                outcome.complete(new PromptOutcome(PromptOutcome.Status.CANCELLED, "cancelled", List.of(), List.of(),
                        TokenUsage.NONE, Duration.ZERO));
            }
        };
    }

    private PromptOutcome run(Stored stored, String prompt, ProgressListener listener) {
        Task task = new Task("sentinel-kql", "run-kql", prompt);
        TokenUsage usage = new TokenUsage(2, 120, 30);
        listener.on(new ProgressEvent.PlanReady(List.of(task), ""));
        listener.on(new ProgressEvent.TaskStarted(0, task));
        listener.on(new ProgressEvent.TaskProgress(0, "querying the workspace"));
        listener.on(new ProgressEvent.TaskArtifact(0, Artifact.query("SecurityIncident | take 5")));
        TaskResult result = TaskResult.builder().markdown(markdown).table(table)
                .artifact(Artifact.query("SecurityIncident | take 5")).usage(usage).build();
        listener.on(new ProgressEvent.TaskFinished(0, task, result));
        listener.on(new ProgressEvent.PromptFinished(true, "", usage, Duration.ofMillis(5)));
        PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(task),
                List.of(new TaskRecord(task, result)), usage, Duration.ofMillis(5));
        synchronized (stored) {
            stored.turns().add(new SessionTranscript.Turn(prompt, Instant.now(), outcome));
        }
        return outcome;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
