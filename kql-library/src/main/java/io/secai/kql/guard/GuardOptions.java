package io.secai.kql.guard;

import java.util.List;

/**
 * How strict the guard is.
 *
 * @param rowCap the {@code take} appended to queries that do not bound their rows; 0 appends nothing (and then
 *     {@code maxRows} is not enforced either: the query is only shown, not run)
 * @param allowCrossResource whether {@code cluster()}, {@code database()}, {@code workspace()}, {@code app()} and
 *     {@code resource()} references are allowed
 * @param checkColumns whether names are checked against the schema's columns (tables are always checked when the
 *     schema is not empty)
 * @param maxRows the most rows a query may return even when it asks for more with {@code take}, {@code limit} or
 *     {@code top}; such a query gets {@code | take maxRows} appended and the report says so
 * @param maxQueryChars the longest query the guard reads; a longer one is refused
 * @param externalDataUrls URL prefixes {@code externaldata} may read from; empty refuses every {@code externaldata}
 * @param crossWorkspace which {@code workspace("...")} references may run when {@code allowCrossResource} is off
 */
public record GuardOptions(int rowCap, boolean allowCrossResource, boolean checkColumns, int maxRows,
                           int maxQueryChars, List<String> externalDataUrls, CrossWorkspace crossWorkspace) {
    /** The default of {@link #maxRows()}. */
    public static final int DEFAULT_MAX_ROWS = 5000;
    /** The default of {@link #maxQueryChars()}: 100 KB. */
    public static final int DEFAULT_MAX_QUERY_CHARS = 100_000;

    public GuardOptions {
        if (rowCap < 0) {
            throw new IllegalArgumentException("rowCap must not be negative: " + rowCap);
        }
        if (maxRows < 1 || maxQueryChars < 1) {
            throw new IllegalArgumentException("maxRows and maxQueryChars must be positive");
        }
        externalDataUrls = List.copyOf(externalDataUrls);
        java.util.Objects.requireNonNull(crossWorkspace, "crossWorkspace");
    }

    /**
     * Options without cross-workspace references (kept for the callers written before they existed).
     *
     * @param rowCap see {@link #rowCap()}
     * @param allowCrossResource see {@link #allowCrossResource()}
     * @param checkColumns see {@link #checkColumns()}
     * @param maxRows see {@link #maxRows()}
     * @param maxQueryChars see {@link #maxQueryChars()}
     * @param externalDataUrls see {@link #externalDataUrls()}
     */
    public GuardOptions(int rowCap, boolean allowCrossResource, boolean checkColumns, int maxRows,
                        int maxQueryChars, List<String> externalDataUrls) {
        this(rowCap, allowCrossResource, checkColumns, maxRows, maxQueryChars, externalDataUrls,
                CrossWorkspace.none());
    }

    /**
     * @param rowCap see {@link #rowCap()}
     * @param allowCrossResource see {@link #allowCrossResource()}
     * @param checkColumns see {@link #checkColumns()}
     */
    public GuardOptions(int rowCap, boolean allowCrossResource, boolean checkColumns) {
        this(rowCap, allowCrossResource, checkColumns, Math.max(DEFAULT_MAX_ROWS, rowCap), DEFAULT_MAX_QUERY_CHARS,
                List.of());
    }

    /** @return a cap of 100 rows (5000 at most on request), no cross-resource queries, columns checked */
    public static GuardOptions defaults() {
        return new GuardOptions(100, false, true);
    }

    /** @param urls see {@link #externalDataUrls()} @return these options with those URL prefixes */
    public GuardOptions withExternalDataUrls(List<String> urls) {
        return new GuardOptions(rowCap, allowCrossResource, checkColumns, maxRows, maxQueryChars, urls,
                crossWorkspace);
    }

    /** @param rows see {@link #maxRows()} @return these options with that maximum */
    public GuardOptions withMaxRows(int rows) {
        return new GuardOptions(rowCap, allowCrossResource, checkColumns, rows, maxQueryChars, externalDataUrls,
                crossWorkspace);
    }

    /** @param chars see {@link #maxQueryChars()} @return these options with that maximum */
    public GuardOptions withMaxQueryChars(int chars) {
        return new GuardOptions(rowCap, allowCrossResource, checkColumns, maxRows, chars, externalDataUrls,
                crossWorkspace);
    }

    /** @param workspaces see {@link #crossWorkspace()} @return these options with those workspaces */
    public GuardOptions withCrossWorkspace(CrossWorkspace workspaces) {
        return new GuardOptions(rowCap, allowCrossResource, checkColumns, maxRows, maxQueryChars, externalDataUrls,
                workspaces);
    }
}
