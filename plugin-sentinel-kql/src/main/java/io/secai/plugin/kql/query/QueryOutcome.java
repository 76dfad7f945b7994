package io.secai.plugin.kql.query;

import io.secai.api.ResultTable;

import java.util.List;

/**
 * What a query returned.
 *
 * @param table the first result table, typed
 * @param warnings what the user should know, such as partial results
 */
public record QueryOutcome(ResultTable table, List<String> warnings) {
    public QueryOutcome {
        warnings = List.copyOf(warnings);
    }
}
