package io.secai.engine.execution;

import io.secai.engine.session.RollingSummary;

import java.util.Objects;
import java.util.Optional;

/**
 * How much of a session's earlier results each model call sees.
 *
 * @param digests whether earlier results appear as digests under a handle, in full only for the tasks whose plan
 *     names them ({@code session.result-digests}); when off, every result in the window is in full, as before
 * @param summary folds the turns that left the window into a running summary; when empty those turns are dropped
 */
public record ContextPolicy(boolean digests, Optional<RollingSummary> summary) {

    /** Every result of the window in full, no summary: the behaviour before digests. */
    public static final ContextPolicy FULL = new ContextPolicy(false, Optional.empty());

    public ContextPolicy {
        Objects.requireNonNull(summary, "summary");
    }
}
