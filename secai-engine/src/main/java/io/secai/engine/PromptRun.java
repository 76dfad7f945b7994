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
}
