package io.secai.kql.guard;

/**
 * How strict the guard is.
 *
 * @param rowCap the {@code take} appended to queries that do not bound their rows; 0 appends nothing
 * @param allowCrossResource whether {@code cluster()}, {@code database()}, {@code workspace()}, {@code app()} and
 *     {@code resource()} references are allowed
 * @param checkColumns whether names are checked against the schema's columns (tables are always checked when the
 *     schema is not empty)
 */
public record GuardOptions(int rowCap, boolean allowCrossResource, boolean checkColumns) {
    public GuardOptions {
        if (rowCap < 0) {
            throw new IllegalArgumentException("rowCap must not be negative: " + rowCap);
        }
    }

    /** @return a cap of 100 rows, no cross-resource queries, columns checked */
    public static GuardOptions defaults() {
        return new GuardOptions(100, false, true);
    }
}
