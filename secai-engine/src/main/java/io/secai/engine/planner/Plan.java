package io.secai.engine.planner;

import io.secai.api.Task;
import io.secai.api.TokenUsage;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The tasks a prompt was split into.
 *
 * @param tasks the tasks, in the order they run; never empty
 * @param note how the plan came about when not straight from the model's first answer (for example
 *     {@code repaired after: unknown plugin "foo"} or {@code fell back to gpt: ...}); else empty
 * @param usage model tokens spent planning
 * @param results per task, the handles of the earlier results ({@code r3}) it needs in full; the task sees the
 *     others as digests. Empty, or one set per task.
 */
public record Plan(List<Task> tasks, String note, TokenUsage usage, List<Set<String>> results) {
    public Plan {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one task");
        }
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(usage, "usage");
        results = results.stream().map(Set::copyOf).toList();
        if (!results.isEmpty() && results.size() != tasks.size()) {
            throw new IllegalArgumentException("results are named per task");
        }
    }

    /** A plan whose tasks need no earlier result in full. */
    public Plan(List<Task> tasks, String note, TokenUsage usage) {
        this(tasks, note, usage, List.of());
    }

    /**
     * @param index a task's position in the plan
     * @return the handles of the earlier results that task needs in full
     */
    public Set<String> resultsOf(int index) {
        return index < results.size() ? results.get(index) : Set.of();
    }
}
