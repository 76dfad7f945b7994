package io.secai.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a task may know of its session: the recent turns within the window and the results of the tasks that ran
 * before it in the same prompt.
 *
 * @param sessionId the session's identifier
 * @param window the earlier turns the session keeps in context, oldest first, already trimmed to the window size
 *     and the token budget
 * @param earlierTasks the tasks of the current prompt that ran before this one, in order
 */
public record SessionContext(String sessionId, List<Turn> window, List<TaskRecord> earlierTasks) {

    public SessionContext {
        Objects.requireNonNull(sessionId, "sessionId");
        window = List.copyOf(window);
        earlierTasks = List.copyOf(earlierTasks);
    }

    /**
     * One earlier prompt and what its tasks produced.
     *
     * @param prompt what the user asked
     * @param tasks the tasks that ran, with their results
     * @param at when the prompt was asked
     */
    public record Turn(String prompt, List<TaskRecord> tasks, Instant at) {
        public Turn {
            Objects.requireNonNull(prompt, "prompt");
            tasks = List.copyOf(tasks);
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A task and its result.
     *
     * @param task the task as planned
     * @param result what it produced
     */
    public record TaskRecord(Task task, TaskResult result) {
        public TaskRecord {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(result, "result");
        }

        /**
         * What later prompts see of this result: the plugin's own context text, else the Markdown.
         *
         * @return the text
         */
        public String contextText() {
            return result.contextText().orElse(result.markdown());
        }
    }

    /**
     * The context as plain text for a model prompt: each earlier prompt followed by what its tasks returned,
     * then the results of the current prompt's earlier tasks. Results are data, marked as such.
     *
     * @return the text; empty when there is no context
     */
    public String asPromptText() {
        StringBuilder text = new StringBuilder();
        for (Turn turn : window) {
            text.append("User asked: ").append(turn.prompt()).append('\n');
            appendResults(text, turn.tasks());
        }
        if (!earlierTasks.isEmpty()) {
            text.append("Earlier steps of the current request:\n");
            appendResults(text, earlierTasks);
        }
        return text.toString();
    }

    private static void appendResults(StringBuilder text, List<TaskRecord> records) {
        for (TaskRecord record : records) {
            text.append("Result of ").append(record.task().plugin()).append('/').append(record.task().capability())
                    .append(record.result().succeeded() ? "" : " (failed)").append(":\n")
                    .append(record.contextText()).append("\n\n");
        }
    }
}
