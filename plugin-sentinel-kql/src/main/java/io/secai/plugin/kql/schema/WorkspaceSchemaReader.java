package io.secai.plugin.kql.schema;

import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;

import io.secai.api.ResultTable;
import io.secai.plugin.kql.query.LogAnalytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads a workspace's tables and columns with KQL: the tables holding data in the last {@link #LOOKBACK}
 * ({@code union withsource=SecAiTable * | summarize by SecAiTable}), then each table's {@code getschema}.
 */
public final class WorkspaceSchemaReader {
    /** How far back a table must have data to count. */
    public static final Duration LOOKBACK = Duration.ofDays(30);
    static final String TABLE_LIST_QUERY = "union withsource=SecAiTable * | summarize by SecAiTable";

    private final LogAnalytics logs;
    private final int concurrency;

    /**
     * @param logs the workspace
     * @param concurrency how many getschema queries run at once
     */
    public WorkspaceSchemaReader(LogAnalytics logs, int concurrency) {
        this.logs = logs;
        this.concurrency = concurrency;
    }

    /**
     * @param progress receives one line per step
     * @return the schema; tables sorted by name
     */
    public WorkspaceSchema read(Consumer<String> progress) {
        ResultTable list = logs.query(TABLE_LIST_QUERY, Optional.of(LOOKBACK)).table();
        List<String> names = new ArrayList<>();
        for (List<Object> row : list.rows()) {
            if (!row.isEmpty() && row.get(0) != null && isSafeTableName(row.get(0).toString())) {
                names.add(row.get(0).toString());
            }
        }
        names.sort(String::compareTo);
        progress.accept("Reading the columns of " + names.size() + " tables");
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "sentinel-kql-getschema");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<TableInfo>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> new TableInfo(name, "", columnsOf(name), List.of())));
            }
            List<TableInfo> tables = new ArrayList<>();
            for (Future<TableInfo> future : futures) {
                tables.add(join(future));
            }
            return WorkspaceSchema.of(tables);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<ColumnInfo> columnsOf(String table) {
        ResultTable schema = logs.query(table + " | getschema | project ColumnName, ColumnType",
                Optional.of(LOOKBACK)).table();
        int name = schema.columnIndex("ColumnName");
        int type = schema.columnIndex("ColumnType");
        List<ColumnInfo> columns = new ArrayList<>();
        for (List<Object> row : schema.rows()) {
            columns.add(new ColumnInfo(String.valueOf(row.get(name)),
                    type < 0 || row.get(type) == null ? "string" : String.valueOf(row.get(type))));
        }
        return columns;
    }

    /** Table names come back from the service and go into KQL text: accept plain names only. */
    static boolean isSafeTableName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    /**
     * @param id a workspace id
     * @return whether it is safe as a folder name (letters, digits, dashes)
     */
    public static boolean isPlainName(String id) {
        return id.matches("[A-Za-z0-9-]{1,64}");
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.secai.api.TaskCancelledException();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
