package io.secai.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task produced. Frontends render it themselves: the text as Markdown, the table as a table. It is never
 * sent back through the model just to be formatted.
 *
 * <p>Plugins create results with {@link #success}, {@link #failed} or {@link #builder()}, never with a constructor,
 * so that later versions of the API can add fields without breaking them.
 *
 * @since 1.0
 */
public final class TaskResult {

    /**
     * The outcome of a task.
     *
     * @since 1.0
     */
    public enum Status {
        /** The task did what was asked. */
        SUCCEEDED,
        /** The task could not be done; {@link TaskResult#markdown()} says why. */
        FAILED
    }

    private final Status status;
    private final String markdown;
    private final Optional<ResultTable> table;
    private final List<Artifact> artifacts;
    private final TokenUsage usage;
    private final List<String> warnings;
    private final Optional<String> contextText;

    private TaskResult(Status status, String markdown, Optional<ResultTable> table, List<Artifact> artifacts,
                       TokenUsage usage, List<String> warnings, Optional<String> contextText) {
        this.status = Objects.requireNonNull(status, "status");
        this.markdown = Objects.requireNonNull(markdown, "markdown");
        this.table = Objects.requireNonNull(table, "table");
        this.artifacts = List.copyOf(artifacts);
        this.usage = Objects.requireNonNull(usage, "usage");
        this.warnings = List.copyOf(warnings);
        this.contextText = Objects.requireNonNull(contextText, "contextText");
    }

    /**
     * Creates a successful result that is only text.
     *
     * @param markdown the answer
     * @return the result
     */
    public static TaskResult success(String markdown) {
        return builder().markdown(markdown).build();
    }

    /**
     * Creates a failed result.
     *
     * @param reason why, in words the user understands
     * @return the result
     */
    public static TaskResult failed(String reason) {
        return builder().status(Status.FAILED).markdown(reason).build();
    }

    /**
     * Starts a builder from a successful, empty result.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this result's values, to derive a changed copy.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder().status(status).markdown(markdown).usage(usage);
        table.ifPresent(builder::table);
        artifacts.forEach(builder::artifact);
        warnings.forEach(builder::warning);
        contextText.ifPresent(builder::contextText);
        return builder;
    }

    /**
     * Tells whether the task did what was asked.
     *
     * @return the status
     */
    public Status status() {
        return status;
    }

    /**
     * Gives the text for the user, in Markdown (for a failure, the reason).
     *
     * @return the text
     */
    public String markdown() {
        return markdown;
    }

    /**
     * Gives the rows returned by a data source, exactly as they came back.
     *
     * @return the table, or empty
     */
    public Optional<ResultTable> table() {
        return table;
    }

    /**
     * Gives the evidence: the query that ran, the URL that was read, the time range.
     *
     * @return the artifacts, in order
     */
    public List<Artifact> artifacts() {
        return artifacts;
    }

    /**
     * Gives the model tokens the task spent (the engine fills this in from what it measured).
     *
     * @return the usage
     */
    public TokenUsage usage() {
        return usage;
    }

    /**
     * Gives what the user should know although the task succeeded (partial results, truncation).
     *
     * @return the warnings
     */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Gives what later prompts of the session see of this result; when empty the engine derives a capped text from
     * the Markdown and the table.
     *
     * @return the text, or empty
     */
    public Optional<String> contextText() {
        return contextText;
    }

    /**
     * Tells whether the task succeeded.
     *
     * @return true for {@link Status#SUCCEEDED}
     */
    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    /**
     * Copies this result with other token usage.
     *
     * @param newUsage the usage to record
     * @return the copy
     */
    public TaskResult withUsage(TokenUsage newUsage) {
        return new TaskResult(status, markdown, table, artifacts, newUsage, warnings, contextText);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TaskResult that && status == that.status && markdown.equals(that.markdown)
                && table.equals(that.table) && artifacts.equals(that.artifacts) && usage.equals(that.usage)
                && warnings.equals(that.warnings) && contextText.equals(that.contextText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, markdown, table, artifacts, usage, warnings, contextText);
    }

    @Override
    public String toString() {
        return "TaskResult[status=" + status + ", markdown=" + markdown + ", table=" + table + ", artifacts="
                + artifacts + ", usage=" + usage + ", warnings=" + warnings + ", contextText=" + contextText + "]";
    }

    /**
     * Builds a {@link TaskResult} step by step.
     *
     * @since 1.0
     */
    public static final class Builder {
        private Status status = Status.SUCCEEDED;
        private String markdown = "";
        private ResultTable table;
        private final List<Artifact> artifacts = new ArrayList<>();
        private TokenUsage usage = TokenUsage.NONE;
        private final List<String> warnings = new ArrayList<>();
        private String contextText;

        private Builder() {
        }

        /**
         * Sets the status.
         *
         * @param value the status
         * @return this builder
         */
        public Builder status(Status value) {
            this.status = value;
            return this;
        }

        /**
         * Sets the text for the user.
         *
         * @param value the Markdown text
         * @return this builder
         */
        public Builder markdown(String value) {
            this.markdown = value;
            return this;
        }

        /**
         * Sets the rows.
         *
         * @param value the table
         * @return this builder
         */
        public Builder table(ResultTable value) {
            this.table = value;
            return this;
        }

        /**
         * Adds evidence to show with the result.
         *
         * @param value the artifact
         * @return this builder
         */
        public Builder artifact(Artifact value) {
            this.artifacts.add(value);
            return this;
        }

        /**
         * Sets the tokens spent.
         *
         * @param value the usage
         * @return this builder
         */
        public Builder usage(TokenUsage value) {
            this.usage = value;
            return this;
        }

        /**
         * Adds something the user should know.
         *
         * @param value the warning
         * @return this builder
         */
        public Builder warning(String value) {
            this.warnings.add(value);
            return this;
        }

        /**
         * Sets what later prompts see of this result.
         *
         * @param value the text
         * @return this builder
         */
        public Builder contextText(String value) {
            this.contextText = value;
            return this;
        }

        /**
         * Creates the result.
         *
         * @return the result
         */
        public TaskResult build() {
            return new TaskResult(status, markdown, Optional.ofNullable(table), artifacts, usage, warnings,
                    Optional.ofNullable(contextText));
        }
    }
}
