package io.secai.engine;

import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TokenUsage;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a prompt ended.
 *
 * @param status the outcome
 * @param message for the user when it did not succeed, else empty
 * @param plan the tasks planned (empty when refused before planning)
 * @param tasks the tasks that ran, with their results, in order
 * @param usage model tokens spent, planning included
 * @param elapsed how long it took
 */
public record PromptOutcome(
        Status status,
        String message,
        List<Task> plan,
        List<TaskRecord> tasks,
        TokenUsage usage,
        Duration elapsed) {

    /** How a prompt ended. */
    public enum Status {
        /** Every task succeeded. */
        SUCCEEDED,
        /** A task or the planning failed; the message says why. */
        FAILED,
        /** The user cancelled it. */
        CANCELLED,
        /** Not run: empty, too long, or an unknown session. Nothing was sent to any service. */
        REFUSED
    }

    public PromptOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        plan = List.copyOf(plan);
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** @return whether every task succeeded */
    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
