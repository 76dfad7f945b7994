package io.secai.engine;

import io.secai.api.Artifact;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;

import java.time.Duration;
import java.util.List;

/**
 * Something that happened while a prompt ran. Frontends render these; the audit log records them.
 */
public sealed interface ProgressEvent {

    /**
     * The prompt was split into tasks.
     *
     * @param tasks the plan, in order
     * @param note how the plan came about when it was not the model's first answer (repaired, fallback), else empty
     */
    record PlanReady(List<Task> tasks, String note) implements ProgressEvent {
        public PlanReady {
            tasks = List.copyOf(tasks);
        }
    }

    /**
     * A task began.
     *
     * @param index its position in the plan, from 0
     * @param task the task
     */
    record TaskStarted(int index, Task task) implements ProgressEvent {
    }

    /**
     * A task reports what it is doing.
     *
     * @param index the task's position
     * @param message one line
     */
    record TaskProgress(int index, String message) implements ProgressEvent {
    }

    /**
     * A task produced evidence.
     *
     * @param index the task's position
     * @param artifact the evidence
     */
    record TaskArtifact(int index, Artifact artifact) implements ProgressEvent {
    }

    /**
     * A task streamed part of its answer.
     *
     * @param index the task's position
     * @param text the next characters
     */
    record TaskTextDelta(int index, String text) implements ProgressEvent {
    }

    /**
     * A task ended.
     *
     * @param index the task's position
     * @param task the task
     * @param result what it produced
     */
    record TaskFinished(int index, Task task, TaskResult result) implements ProgressEvent {
    }

    /**
     * SecAI is waiting before retrying a throttled or failing service.
     *
     * @param service which service
     * @param delay how long
     * @param reason why
     */
    record Waiting(String service, Duration delay, String reason) implements ProgressEvent {
    }

    /**
     * A message for the user that belongs to no task (a skipped step, a trimmed context).
     *
     * @param message one line
     */
    record Notice(String message) implements ProgressEvent {
    }

    /**
     * The prompt ended.
     *
     * @param succeeded whether every task succeeded
     * @param message the reason when it did not, else empty
     * @param usage model tokens spent by the whole prompt, planning included
     * @param elapsed how long it took
     */
    record PromptFinished(boolean succeeded, String message, TokenUsage usage, Duration elapsed)
            implements ProgressEvent {
    }
}
