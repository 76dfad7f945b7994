package io.secai.engine.execution;

import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A run that never started (a refused prompt), already complete with its outcome.
 *
 * <p>It is apart from {@link PromptExecution} because nothing of a running prompt applies to it: no worker, no
 * records of its own to write, nothing to cancel. {@link PromptRunner} hands it out for every refusal.
 */
final class FinishedRun implements PromptRun {

    private final String id;
    private final CompletableFuture<PromptOutcome> outcome;

    /**
     * @param id the run's id
     * @param outcome how it ended
     */
    FinishedRun(String id, PromptOutcome outcome) {
        this.id = Objects.requireNonNull(id, "id");
        this.outcome = CompletableFuture.completedFuture(outcome);
    }

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
        // Nothing runs, so there is nothing to stop.
    }
}
