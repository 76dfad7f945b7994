package io.secai.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Rows returned by a data source, with typed columns.
 *
 * <p>Cells hold {@code null}, {@link String}, {@link Boolean}, {@link Long} or {@link Double}. Date-times are
 * ISO-8601 strings, time spans and GUIDs are strings, and dynamic values are their JSON text.
 *
 * @since 1.0
 */
public final class ResultTable {

    private final List<Column> columns;
    private final List<List<Object>> rows;
    private final long totalRows;
    private final boolean truncated;

    private ResultTable(List<Column> columns, List<List<Object>> rows, long totalRows, boolean truncated) {
        this.columns = List.copyOf(columns);
        List<List<Object>> copied = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != this.columns.size()) {
                throw new IllegalArgumentException(
                        "a row has " + row.size() + " cells but the table has " + this.columns.size() + " columns");
            }
            copied.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        this.rows = Collections.unmodifiableList(copied);
        this.totalRows = totalRows;
        this.truncated = truncated;
    }

    /**
     * Creates a table holding every row the source returned.
     *
     * @param columns the columns, in order
     * @param rows the rows; each has one cell per column
     * @return the table
     */
    public static ResultTable of(List<Column> columns, List<List<Object>> rows) {
        return new ResultTable(columns, rows, rows.size(), false);
    }

    /**
     * Creates a table that may hold fewer rows than the source returned.
     *
     * @param columns the columns, in order
     * @param rows the rows; each has one cell per column
     * @param totalRows how many rows the source returned before any cap
     * @param truncated whether rows were cut (by a row cap in the query or in SecAI)
     * @return the table
     */
    public static ResultTable of(List<Column> columns, List<List<Object>> rows, long totalRows, boolean truncated) {
        return new ResultTable(columns, rows, totalRows, truncated);
    }

    /**
     * Gives the columns, in order.
     *
     * @return the columns
     */
    public List<Column> columns() {
        return columns;
    }

    /**
     * Gives the rows; each has one cell per column.
     *
     * @return the rows
     */
    public List<List<Object>> rows() {
        return rows;
    }

    /**
     * Gives how many rows the source returned before any cap.
     *
     * @return the count
     */
    public long totalRows() {
        return totalRows;
    }

    /**
     * Tells whether rows were cut (by a row cap in the query or in SecAI).
     *
     * @return true when cut
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Finds a column by name, ignoring case.
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

    @Override
    public boolean equals(Object other) {
        return other instanceof ResultTable that && columns.equals(that.columns) && rows.equals(that.rows)
                && totalRows == that.totalRows && truncated == that.truncated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, rows, totalRows, truncated);
    }

    @Override
    public String toString() {
        return "ResultTable[columns=" + columns + ", rows=" + rows + ", totalRows=" + totalRows + ", truncated="
                + truncated + "]";
    }

    /**
     * A typed column.
     *
     * @since 1.0
     */
    public static final class Column {
        private final String name;
        private final ColumnType type;

        private Column(String name, ColumnType type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Creates a column.
         *
         * @param name the column name
         * @param type its type
         * @return the column
         */
        public static Column of(String name, ColumnType type) {
            return new Column(name, type);
        }

        /**
         * Gives the column name.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * Gives the column type.
         *
         * @return the type
         */
        public ColumnType type() {
            return type;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Column that && name.equals(that.name) && type == that.type;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, type);
        }

        @Override
        public String toString() {
            return "Column[name=" + name + ", type=" + type + "]";
        }
    }

    /**
     * Column types, as Kusto names them; other sources map onto the nearest one.
     *
     * @since 1.0
     */
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
        DYNAMIC
    }
}
