package io.secai.kql.schema;

import java.util.List;
import java.util.Objects;

/**
 * A column of a workspace table.
 *
 * @param name the column name, as KQL spells it
 * @param type the Kusto type name ({@code string}, {@code datetime}, ...)
 * @param description what it holds, empty when unknown
 * @param knownValues values a data catalog lists for it (enumerations), used for ranking tables
 */
public record ColumnInfo(String name, String type, String description, List<String> knownValues) {
    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        type = type == null ? "string" : type;
        description = description == null ? "" : description;
        knownValues = List.copyOf(knownValues);
    }

    /**
     * @param name the column name
     * @param type the Kusto type
     */
    public ColumnInfo(String name, String type) {
        this(name, type, "", List.of());
    }
}
