package io.secai.engine.execution;

import java.time.Duration;
import java.util.Objects;

/**
 * One prompt's deadline as its bounded calls (planning, then each task) see it.
 *
 * <p>It is apart from {@link PromptExecution} because two deadlines meet here: the prompt's
 * ({@code secai.deadline.prompt}) runs from the start and spans planning and every task, while each call also has
 * its own cap (the task's, {@code secai.deadline.task}). Each call gets what is left of the first, at most the
 * second, and a call that was stopped is said to have hit the one that actually stopped it, with the setting that
 * sets it. Time is {@link System#nanoTime()}, so a clock change does not move the deadline.
 */
final class PromptDeadline {

    private final Deadlines deadlines;
    private final long endNanos;

    /**
     * @param deadlines the configured deadlines
     * @param startedNanos when the prompt started, as {@link System#nanoTime()} read it
     */
    PromptDeadline(Deadlines deadlines, long startedNanos) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.endNanos = startedNanos + deadlines.prompt().toNanos();
    }

    /**
     * @param cap the call's own deadline
     * @return what is left of the prompt's deadline, at most {@code cap}; zero or negative once it passed
     */
    Duration timeLeft(Duration cap) {
        Duration left = Duration.ofNanos(endNanos - System.nanoTime());
        return left.compareTo(cap) < 0 ? left : cap;
    }

    /**
     * Ends "took longer than ...": the deadline that was hit, said plainly with the setting that sets it.
     *
     * @param taskDeadline the call's own deadline, named when the prompt still had time left
     * @return the text that follows "Planning " or "The task "
     */
    String overrun(Duration taskDeadline) {
        Duration left = Duration.ofNanos(endNanos - System.nanoTime());
        if (left.compareTo(Duration.ofMillis(1)) < 0) {
            return "was stopped: the prompt took longer than its deadline of "
                    + Deadlines.describe(deadlines.prompt()) + " (secai.deadline.prompt).";
        }
        return "was stopped: it took longer than its deadline of " + Deadlines.describe(taskDeadline)
                + " (secai.deadline.task).";
    }
}
