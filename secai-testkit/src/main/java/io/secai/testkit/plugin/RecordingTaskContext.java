package io.secai.testkit.plugin;

import io.secai.api.Artifact;
import io.secai.api.Client;
import io.secai.api.SessionContext;
import io.secai.api.TaskContext;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The engine's side of one task, for a plugin's unit tests: it offers the session and the clients the test chose
 * and records everything the plugin reports (progress lines, artifacts, streamed text) in the order it arrived.
 *
 * <pre>{@code
 * ScriptedLlmClient model = new ScriptedLlmClient().answer("Two incidents are open.");
 * RecordingTaskContext context = RecordingTaskContext.builder()
 *         .client(LlmClient.class, model)
 *         .build();
 *
 * TaskResult result = plugin.run(Task.of("my-plugin", "answer", "Summarise"), context);
 *
 * assertThat(context.streamedText()).isEqualTo(result.markdown());
 * assertThat(context.progressLines()).contains("Asking the model");
 * }</pre>
 *
 * <p>Recording is thread-safe, for plugins that report from worker threads. Unlike the engine, the context does not
 * wrap the clients: what a plugin asks for is exactly the object the test added.
 */
public final class RecordingTaskContext implements TaskContext {

    /** The session a context has when the test sets none: no earlier turns and no earlier tasks. */
    public static final SessionContext EMPTY_SESSION = SessionContext.of("test-session", List.of(), List.of());

    private final SessionContext session;
    private final Clients clients;
    private final AtomicBoolean cancelled;
    private final List<Reported> events = new CopyOnWriteArrayList<>();

    private RecordingTaskContext(Builder builder) {
        this.session = builder.session;
        this.clients = builder.clients.copy();
        this.cancelled = new AtomicBoolean(builder.cancelled);
    }

    /**
     * Starts a context with an empty session, no clients, and not cancelled.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SessionContext session() {
        return session;
    }

    @Override
    public <T extends Client> Optional<T> client(Class<T> type) {
        return clients.find(type);
    }

    @Override
    public void progress(String message) {
        events.add(new Reported.Progress(message));
    }

    @Override
    public void artifact(Artifact artifact) {
        events.add(new Reported.Shown(artifact));
    }

    @Override
    public void textDelta(String text) {
        events.add(new Reported.TextDelta(text));
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    /**
     * Cancels the task as the user would, for example from a {@link ScriptedLlmClient} answer, so that a test can
     * check that the plugin stops between steps.
     */
    public void cancel() {
        cancelled.set(true);
    }

    /**
     * Everything the plugin reported, in order, as the engine would pass it on to frontends: {@code TaskProgress},
     * {@code TaskArtifact} and {@code TaskTextDelta}, each with task index 0.
     *
     * @return the events so far
     */
    public List<Reported> events() {
        return List.copyOf(events);
    }

    /**
     * Gives the progress lines, in order.
     *
     * @return the lines
     */
    public List<String> progressLines() {
        return recorded(Reported.Progress.class, Reported.Progress::message);
    }

    /**
     * Gives the artifacts shown while the task ran, in order.
     *
     * @return the artifacts
     */
    public List<Artifact> artifacts() {
        return recorded(Reported.Shown.class, Reported.Shown::artifact);
    }

    /**
     * Gives the pieces of streamed text, in order, as the plugin passed them.
     *
     * @return the pieces
     */
    public List<String> deltas() {
        return recorded(Reported.TextDelta.class, Reported.TextDelta::text);
    }

    /**
     * Joins the streamed pieces: what the user saw appear.
     *
     * @return the text
     */
    public String streamedText() {
        return String.join("", deltas());
    }

    private <E extends Reported, V> List<V> recorded(Class<E> kind, Function<E, V> value) {
        return events.stream().filter(kind::isInstance).map(kind::cast).map(value).toList();
    }

    /** Something the plugin reported through the context. */
    public sealed interface Reported {
        /**
         * A progress line.
         *
         * @param message the line
         */
        record Progress(String message) implements Reported { }

        /**
         * An artifact shown before the task ended.
         *
         * @param artifact the evidence
         */
        record Shown(Artifact artifact) implements Reported { }

        /**
         * A piece of streamed text.
         *
         * @param text the characters
         */
        record TextDelta(String text) implements Reported { }
    }

    /** Chooses what the task may see. */
    public static final class Builder {
        private SessionContext session = EMPTY_SESSION;
        private final Clients clients = new Clients();
        private boolean cancelled;

        private Builder() {
        }

        /**
         * @param value the session window and earlier tasks the plugin sees
         * @return this builder
         */
        public Builder session(SessionContext value) {
            this.session = Objects.requireNonNull(value, "session");
            return this;
        }

        /**
         * Offers a client; a type not added is absent, as when no loaded plugin provides it.
         *
         * @param type the interface the plugin asks for, such as {@code LlmClient.class}
         * @param client the implementation
         * @param <T> the client type
         * @return this builder
         */
        public <T extends Client> Builder client(Class<T> type, T client) {
            clients.add(type, client);
            return this;
        }

        /**
         * @param value whether the user has already cancelled the prompt when the task starts
         * @return this builder
         */
        public Builder cancelled(boolean value) {
            this.cancelled = value;
            return this;
        }

        /** @return the context; the builder can be reused for another */
        public RecordingTaskContext build() {
            return new RecordingTaskContext(this);
        }
    }
}
