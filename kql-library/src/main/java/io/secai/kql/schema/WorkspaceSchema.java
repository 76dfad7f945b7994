package io.secai.kql.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tables of a workspace and their columns. Table names are case-sensitive, as in KQL.
 *
 * @param tables the tables by name, in a stable order
 */
public record WorkspaceSchema(Map<String, TableInfo> tables) {
    public WorkspaceSchema {
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /**
     * @param tables the tables
     * @return a schema holding them, keyed by name
     */
    public static WorkspaceSchema of(Collection<TableInfo> tables) {
        Map<String, TableInfo> byName = new LinkedHashMap<>();
        for (TableInfo table : tables) {
            byName.put(table.name(), table);
        }
        return new WorkspaceSchema(byName);
    }

    /** @param name a table name @return the table, when the workspace has it */
    public Optional<TableInfo> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** @return the table names */
    public Set<String> tableNames() {
        return tables.keySet();
    }

    /** @return whether there is no table */
    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /**
     * @param table a table with new information
     * @return a copy in which it replaces the table of the same name
     */
    public WorkspaceSchema with(TableInfo table) {
        Map<String, TableInfo> copy = new LinkedHashMap<>(tables);
        copy.put(table.name(), table);
        return new WorkspaceSchema(copy);
    }
}
