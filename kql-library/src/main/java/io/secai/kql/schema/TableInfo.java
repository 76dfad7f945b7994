package io.secai.kql.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workspace table with its columns and, once the extended schema is built, a description and key fields.
 *
 * @param name the table name
 * @param description what the table records, empty when unknown
 * @param columns its columns, in schema order
 * @param keyFields the columns most worth showing or filtering on, empty when unknown
 */
public record TableInfo(String name, String description, List<ColumnInfo> columns, List<String> keyFields) {
    public TableInfo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        columns = List.copyOf(columns);
        keyFields = List.copyOf(keyFields);
    }

    /**
     * @param columnName a column name, exact case
     * @return the column, if the table has it
     */
    public Optional<ColumnInfo> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /**
     * @param newDescription the description
     * @param newKeyFields the key fields
     * @return a copy carrying the extended-schema information
     */
    public TableInfo withDescription(String newDescription, List<String> newKeyFields) {
        return new TableInfo(name, newDescription, columns, newKeyFields);
    }

    /**
     * The columns as {@code Name:type, Name:type}, the shape {@code getschema kind=csl} prints.
     *
     * @return the text
     */
    public String columnsAsCsl() {
        StringBuilder text = new StringBuilder();
        for (ColumnInfo column : columns) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(column.name()).append(':').append(column.type());
        }
        return text.toString();
    }
}
