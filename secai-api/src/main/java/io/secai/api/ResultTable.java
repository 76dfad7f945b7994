package io.secai.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rows returned by a data source, with typed columns.
 *
 * <p>Cells hold {@code null}, {@link String}, {@link Boolean}, {@link Long} or {@link Double}. Date-times are
 * ISO-8601 strings, time spans and GUIDs are strings, and dynamic values are their JSON text.
 *
 * @param columns the columns, in order
 * @param rows the rows; each has one cell per column
 * @param totalRows how many rows the source returned before any cap
 * @param truncated whether rows were cut (by a row cap in the query or in SecAI)
 */
public record ResultTable(List<Column> columns, List<List<Object>> rows, long totalRows, boolean truncated) {

    public ResultTable {
        columns = List.copyOf(columns);
        List<List<Object>> copied = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "a row has " + row.size() + " cells but the table has " + columns.size() + " columns");
            }
            copied.add(java.util.Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = java.util.Collections.unmodifiableList(copied);
    }

    /**
     * A table holding every row the source returned.
     *
     * @param columns the columns
     * @param rows the rows
     */
    public ResultTable(List<Column> columns, List<List<Object>> rows) {
        this(columns, rows, rows.size(), false);
    }

    /**
     * The index of a column by name, ignoring case.
     *
     * @param name the column name
     * @return the index, or -1
     */
    public int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A typed column.
     *
     * @param name the column name
     * @param type its type
     */
    public record Column(String name, ColumnType type) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** Column types, as Kusto names them; other sources map onto the nearest one. */
    public enum ColumnType {
        /** Text. */
        STRING,
        /** true or false. */
        BOOL,
        /** 32-bit integer, held as {@link Long}. */
        INT,
        /** 64-bit integer. */
        LONG,
        /** Floating point, held as {@link Double}. */
        REAL,
        /** Decimal, held as its text. */
        DECIMAL,
        /** ISO-8601 date-time text. */
        DATETIME,
        /** Time span text. */
        TIMESPAN,
        /** GUID text. */
        GUID,
        /** JSON text of an object or array. */
        DYNAMIC;

        /**
         * The type for a Kusto type name such as {@code datetime} or {@code System.String}.
         *
         * @param kustoName the name as a service reported it
         * @return the matching type; {@link #STRING} when unknown
         */
        public static ColumnType fromKusto(String kustoName) {
            if (kustoName == null) {
                return STRING;
            }
            String n = kustoName.toLowerCase(java.util.Locale.ROOT);
            if (n.startsWith("system.")) {
                n = n.substring("system.".length());
            }
            return switch (n) {
                case "bool", "boolean", "sbyte" -> BOOL;
                case "int", "int32" -> INT;
                case "long", "int64" -> LONG;
                case "real", "double" -> REAL;
                case "decimal", "data.sqltypes.sqldecimal" -> DECIMAL;
                case "datetime", "date" -> DATETIME;
                case "timespan", "time" -> TIMESPAN;
                case "guid", "uniqueid" -> GUID;
                case "dynamic", "object" -> DYNAMIC;
                default -> STRING;
            };
        }
    }
}
