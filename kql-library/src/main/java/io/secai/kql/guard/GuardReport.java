package io.secai.kql.guard;

import java.util.List;

/**
 * What the guard found in a query.
 *
 * @param tables the workspace tables the query reads, in order of appearance
 * @param columns the schema columns it names, in order of appearance
 * @param refusals reasons the query must not run, each with its kind; empty when it passes
 * @param guardedQuery the query to run: the original with a row cap appended when it had none or asked for more
 *     than the maximum
 * @param appliedRowCap the {@code take} the guard appended, 0 when it appended none
 * @param notes what the guard changed, in words (for example a lowered row count)
 * @param lint warnings about the query's cost or precision; they never stop it
 */
public record GuardReport(List<String> tables, List<String> columns, List<Refusal> refusals, String guardedQuery,
                          int appliedRowCap, List<String> notes, List<LintNote> lint) {
    public GuardReport {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        refusals = List.copyOf(refusals);
        notes = List.copyOf(notes);
        lint = List.copyOf(lint);
    }

    /** Why a query may not run. */
    public record Refusal(Kind kind, String message) {
    }

    /** Kinds of refusals; the policy ones are what a valid query may still be refused for. */
    public enum Kind {
        /** The query is empty, too long, too deeply nested, or cannot be read as KQL. */
        UNREADABLE(false),
        /** A management command ({@code .drop}, {@code .set}, ...). */
        MANAGEMENT_COMMAND(true),
        /** {@code externaldata} or an external table from a URL that is not allowed. */
        EXTERNAL_DATA(true),
        /** {@code cluster()}, {@code workspace()} and friends. */
        CROSS_RESOURCE(true),
        /** An {@code evaluate} plugin or function that is not on the read-only list. */
        PLUGIN(true),
        /** A client directive ({@code #connect}) or a name glued together from strings. */
        OBFUSCATION(true),
        /** A table the schema does not have. */
        UNKNOWN_TABLE(false),
        /** A column the query's tables do not have. */
        UNKNOWN_COLUMN(false);

        private final boolean policy;

        Kind(boolean policy) {
            this.policy = policy;
        }

        /** @return whether valid KQL is refused for this by policy (as opposed to an error in the query) */
        public boolean policy() {
            return policy;
        }
    }

    /** @return whether the guard appended a row cap */
    public boolean rowCapAdded() {
        return appliedRowCap > 0;
    }

    /** @return the refusals' messages */
    public List<String> flags() {
        return refusals.stream().map(Refusal::message).toList();
    }

    /** @return whether the query may run */
    public boolean passed() {
        return refusals.isEmpty();
    }
}
