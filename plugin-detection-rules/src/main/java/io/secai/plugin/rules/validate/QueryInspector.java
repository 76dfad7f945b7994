package io.secai.plugin.rules.validate;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the KQL guard and the workspace schema say of a rule's query. */
@FunctionalInterface
public interface QueryInspector {

    /**
     * @param kql the rule's query
     * @return the guard's verdict and the query's output columns
     */
    QueryView inspect(String kql);

    /**
     * The guard's view of a query.
     *
     * @param guardFlags reasons the guard refuses the query (read-only, inside the workspace); empty when it passes
     * @param schemaFlags tables or columns the workspace schema does not have; empty when it passes or no schema
     *     is known
     * @param outputColumns the columns the query returns; empty when they cannot be known (a table whose columns
     *     the schema does not list, {@code evaluate bag_unpack}, ...)
     */
    record QueryView(List<String> guardFlags, List<String> schemaFlags, Optional<Set<String>> outputColumns) {
        public QueryView {
            guardFlags = List.copyOf(guardFlags);
            schemaFlags = List.copyOf(schemaFlags);
            outputColumns = outputColumns.map(Set::copyOf);
        }
    }
}
