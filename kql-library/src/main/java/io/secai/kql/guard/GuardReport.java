package io.secai.kql.guard;

import java.util.List;

/**
 * What the guard found in a query.
 *
 * @param tables the workspace tables the query reads, in order of appearance
 * @param columns the schema columns it names, in order of appearance
 * @param flags reasons the query must not run, in words the model and the user understand; empty when it passes
 * @param guardedQuery the query to run: the original with a row cap appended when it had none
 * @param rowCapAdded whether the guard appended the row cap
 */
public record GuardReport(List<String> tables, List<String> columns, List<String> flags, String guardedQuery,
                          boolean rowCapAdded) {
    public GuardReport {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
        flags = List.copyOf(flags);
    }

    /** @return whether the query may run */
    public boolean passed() {
        return flags.isEmpty();
    }
}
