package io.secai.api;

import java.util.Optional;

/**
 * What the engine offers a plugin while it runs one task.
 *
 * <p>Clients obtained here are scoped to the task: the model tokens they spend are counted for it, and a wait on a
 * throttled service is shown to the user as the task's progress.
 *
 * @since 1.0
 */
public interface TaskContext {

    /**
     * The session as this task may see it.
     *
     * @return the context
     */
    SessionContext session();

    /**
     * A client of the given type, scoped to this task.
     *
     * @param type a client interface from this package, or from another plugin's contract
     * @param <T> the client type
     * @return the client, or empty when no loaded client provides it
     */
    <T extends Client> Optional<T> client(Class<T> type);

    /**
     * Tells the user what the task is doing now (for example {@code Running KQL, attempt 2 of 3}).
     *
     * @param message one line
     */
    void progress(String message);

    /**
     * Shows evidence as soon as it exists, before the task ends (for example the KQL about to run).
     *
     * @param artifact the evidence
     */
    void artifact(Artifact artifact);

    /**
     * Streams a piece of the answer as the model writes it.
     *
     * @param text the next characters
     */
    void textDelta(String text);

    /**
     * Whether the user cancelled the prompt; a long task should check it between steps.
     *
     * @return true once cancelled
     */
    boolean isCancelled();

    /**
     * Throws {@link TaskCancelledException} when the user cancelled the prompt.
     */
    default void throwIfCancelled() {
        if (isCancelled()) {
            throw new TaskCancelledException();
        }
    }
}
