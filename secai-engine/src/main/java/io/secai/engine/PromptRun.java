package io.secai.engine;

import java.util.concurrent.CompletableFuture;

/**
 * A prompt that is running (or was refused).
 */
public interface PromptRun {

    /** @return the run's identifier, as the audit log records it */
    String id();

    /**
     * Completes when the prompt ends, never exceptionally: failures and cancellation are outcomes.
     *
     * @return the outcome
     */
    CompletableFuture<PromptOutcome> outcome();

    /** Asks the running prompt to stop; the session stays usable. */
    void cancel();

    /**
     * Why the ended prompt could not be recorded in the session or the audit log (a full or read-only disk), once
     * {@link #outcome()} has completed. A script that must not lose a turn treats this as a failure.
     *
     * @return the reason, empty when everything was written
     */
    default java.util.Optional<String> notSaved() {
        return java.util.Optional.empty();
    }
}
