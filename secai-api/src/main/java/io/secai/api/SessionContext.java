package io.secai.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a task may know of its session: the recent turns within the window and the results of the tasks that ran
 * before it in the same prompt. The host creates it.
 *
 * @since 1.0
 */
public final class SessionContext {

    private final String sessionId;
    private final List<Turn> window;
    private final List<TaskRecord> earlierTasks;

    private SessionContext(String sessionId, List<Turn> window, List<TaskRecord> earlierTasks) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.window = List.copyOf(window);
        this.earlierTasks = List.copyOf(earlierTasks);
    }

    /**
     * Creates a context.
     *
     * @param sessionId the session's identifier
     * @param window the earlier turns the session keeps in context, oldest first, already trimmed to the window
     *     size and the token budget
     * @param earlierTasks the tasks of the current prompt that ran before this one, in order
     * @return the context
     */
    public static SessionContext of(String sessionId, List<Turn> window, List<TaskRecord> earlierTasks) {
        return new SessionContext(sessionId, window, earlierTasks);
    }

    /**
     * Gives the session's identifier.
     *
     * @return the identifier
     */
    public String sessionId() {
        return sessionId;
    }

    /**
     * Gives the earlier turns the session keeps in context, oldest first.
     *
     * @return the turns
     */
    public List<Turn> window() {
        return window;
    }

    /**
     * Gives the tasks of the current prompt that ran before this one, in order.
     *
     * @return the records
     */
    public List<TaskRecord> earlierTasks() {
        return earlierTasks;
    }

    /**
     * Writes the context for a model prompt, fenced as untrusted data: each earlier prompt followed by what its
     * tasks returned, then the results of the current prompt's earlier tasks.
     *
     * @param fence the request's fence, whose {@link UntrustedText#instruction()} the request carries
     * @return the fenced text; empty when there is no context
     */
    public String asPromptText(UntrustedText fence) {
        StringBuilder text = new StringBuilder();
        for (Turn turn : window) {
            text.append("User asked: ").append(turn.prompt()).append('\n');
            appendResults(text, turn.tasks());
        }
        if (!earlierTasks.isEmpty()) {
            text.append("Earlier steps of the current request:\n");
            appendResults(text, earlierTasks);
        }
        return text.isEmpty() ? "" : fence.wrap("session context", text.toString().strip());
    }

    private static void appendResults(StringBuilder text, List<TaskRecord> records) {
        for (TaskRecord record : records) {
            text.append("Result of ").append(record.task().plugin()).append('/').append(record.task().capability())
                    .append(record.result().succeeded() ? "" : " (failed)").append(":\n")
                    .append(record.contextText()).append("\n\n");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionContext that && sessionId.equals(that.sessionId)
                && window.equals(that.window) && earlierTasks.equals(that.earlierTasks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, window, earlierTasks);
    }

    @Override
    public String toString() {
        return "SessionContext[sessionId=" + sessionId + ", window=" + window + ", earlierTasks=" + earlierTasks
                + "]";
    }

    /**
     * One earlier prompt and what its tasks produced.
     *
     * @since 1.0
     */
    public static final class Turn {
        private final String prompt;
        private final List<TaskRecord> tasks;
        private final Instant at;

        private Turn(String prompt, List<TaskRecord> tasks, Instant at) {
            this.prompt = Objects.requireNonNull(prompt, "prompt");
            this.tasks = List.copyOf(tasks);
            this.at = Objects.requireNonNull(at, "at");
        }

        /**
         * Creates a turn.
         *
         * @param prompt what the user asked
         * @param tasks the tasks that ran, with their results
         * @param at when the prompt was asked
         * @return the turn
         */
        public static Turn of(String prompt, List<TaskRecord> tasks, Instant at) {
            return new Turn(prompt, tasks, at);
        }

        /**
         * Gives what the user asked.
         *
         * @return the prompt
         */
        public String prompt() {
            return prompt;
        }

        /**
         * Gives the tasks that ran, with their results.
         *
         * @return the records
         */
        public List<TaskRecord> tasks() {
            return tasks;
        }

        /**
         * Tells when the prompt was asked.
         *
         * @return the time
         */
        public Instant at() {
            return at;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Turn that && prompt.equals(that.prompt) && tasks.equals(that.tasks)
                    && at.equals(that.at);
        }

        @Override
        public int hashCode() {
            return Objects.hash(prompt, tasks, at);
        }

        @Override
        public String toString() {
            return "Turn[prompt=" + prompt + ", tasks=" + tasks + ", at=" + at + "]";
        }
    }

    /**
     * A task and its result.
     *
     * @since 1.0
     */
    public static final class TaskRecord {
        private final Task task;
        private final TaskResult result;

        private TaskRecord(Task task, TaskResult result) {
            this.task = Objects.requireNonNull(task, "task");
            this.result = Objects.requireNonNull(result, "result");
        }

        /**
         * Pairs a task with its result.
         *
         * @param task the task as planned
         * @param result what it produced
         * @return the record
         */
        public static TaskRecord of(Task task, TaskResult result) {
            return new TaskRecord(task, result);
        }

        /**
         * Gives the task as planned.
         *
         * @return the task
         */
        public Task task() {
            return task;
        }

        /**
         * Gives what the task produced.
         *
         * @return the result
         */
        public TaskResult result() {
            return result;
        }

        /**
         * Gives what later prompts see of this result: the plugin's own context text, else the Markdown.
         *
         * @return the text
         */
        public String contextText() {
            return result.contextText().orElse(result.markdown());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TaskRecord that && task.equals(that.task) && result.equals(that.result);
        }

        @Override
        public int hashCode() {
            return Objects.hash(task, result);
        }

        @Override
        public String toString() {
            return "TaskRecord[task=" + task + ", result=" + result + "]";
        }
    }
}
