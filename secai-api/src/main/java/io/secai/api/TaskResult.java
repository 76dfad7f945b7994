package io.secai.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task produced. Frontends render it themselves: the text as Markdown, the table as a table. It is never
 * sent back through the model just to be formatted.
 *
 * @param status whether the task did what was asked
 * @param markdown the text for the user, in Markdown (for a failure, the reason)
 * @param table rows returned by a data source, exactly as they came back
 * @param artifacts the evidence: the query that ran, the URL that was read, the time range
 * @param usage the model tokens the task spent (the engine fills this in from what it measured)
 * @param warnings things the user should know although the task succeeded (partial results, truncation)
 * @param contextText what later prompts of the session see of this result; when empty the engine derives a capped
 *     text from the Markdown and the table
 */
public record TaskResult(
        Status status,
        String markdown,
        Optional<ResultTable> table,
        List<Artifact> artifacts,
        TokenUsage usage,
        List<String> warnings,
        Optional<String> contextText) {

    /** The outcome of a task. */
    public enum Status {
        /** The task did what was asked. */
        SUCCEEDED,
        /** The task could not be done; {@link TaskResult#markdown()} says why. */
        FAILED
    }

    public TaskResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(table, "table");
        artifacts = List.copyOf(artifacts);
        Objects.requireNonNull(usage, "usage");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(contextText, "contextText");
    }

    /**
     * A successful result that is only text.
     *
     * @param markdown the answer
     * @return the result
     */
    public static TaskResult success(String markdown) {
        return builder().markdown(markdown).build();
    }

    /**
     * A failed result.
     *
     * @param reason why, in words the user understands
     * @return the result
     */
    public static TaskResult failed(String reason) {
        return builder().status(Status.FAILED).markdown(reason).build();
    }

    /**
     * Whether the task succeeded.
     *
     * @return true for {@link Status#SUCCEEDED}
     */
    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    /**
     * A copy with other token usage.
     *
     * @param newUsage the usage to record
     * @return the copy
     */
    public TaskResult withUsage(TokenUsage newUsage) {
        return new TaskResult(status, markdown, table, artifacts, newUsage, warnings, contextText);
    }

    /**
     * A builder starting from a successful, empty result.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TaskResult} step by step. */
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

        /** @param value the status @return this builder */
        public Builder status(Status value) {
            this.status = value;
            return this;
        }

        /** @param value the Markdown text @return this builder */
        public Builder markdown(String value) {
            this.markdown = value;
            return this;
        }

        /** @param value the rows @return this builder */
        public Builder table(ResultTable value) {
            this.table = value;
            return this;
        }

        /** @param value evidence to show with the result @return this builder */
        public Builder artifact(Artifact value) {
            this.artifacts.add(value);
            return this;
        }

        /** @param value tokens spent @return this builder */
        public Builder usage(TokenUsage value) {
            this.usage = value;
            return this;
        }

        /** @param value something the user should know @return this builder */
        public Builder warning(String value) {
            this.warnings.add(value);
            return this;
        }

        /** @param value what later prompts see of this result @return this builder */
        public Builder contextText(String value) {
            this.contextText = value;
            return this;
        }

        /** @return the result */
        public TaskResult build() {
            return new TaskResult(status, markdown, Optional.ofNullable(table), artifacts, usage, warnings,
                    Optional.ofNullable(contextText));
        }
    }
}
