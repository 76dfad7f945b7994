package io.secai.engine.planner;

import io.secai.api.Task;
import io.secai.api.TokenUsage;

import java.util.List;
import java.util.Objects;

/**
 * The tasks a prompt was split into.
 *
 * @param tasks the tasks, in the order they run; never empty
 * @param note how the plan came about when not straight from the model's first answer (for example
 *     {@code repaired after: unknown plugin "foo"} or {@code fell back to gpt: ...}); else empty
 * @param usage model tokens spent planning
 */
public record Plan(List<Task> tasks, String note, TokenUsage usage) {
    public Plan {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one task");
        }
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(usage, "usage");
    }
}
