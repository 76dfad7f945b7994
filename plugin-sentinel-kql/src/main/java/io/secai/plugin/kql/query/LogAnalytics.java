package io.secai.plugin.kql.query;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.Context;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsQueryResultStatus;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableColumn;
import com.azure.monitor.query.models.LogsTableRow;
import com.azure.monitor.query.models.QueryTimeInterval;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.TokenProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs KQL against one Log Analytics workspace with the azure-monitor-query client over the JDK HTTP transport.
 *
 * <p>Partial results come back with a warning; a query the service refuses (400) is a
 * {@link QueryRejectedException} carrying the service's words; throttling that outlasts the retries, a gateway
 * timeout (504) and other failures are {@link ServiceException}s of the matching kind.
 */
public final class LogAnalytics {
    /** The service's name as the user sees it in messages. */
    public static final String SERVICE = "Log Analytics";

    private final LogsQueryClient client;
    private final String workspaceId;
    private final Duration serverTimeout;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param workspaceId the workspace (its GUID)
     * @param endpoint the query endpoint, such as {@code https://api.loganalytics.io/v1}; empty for the public cloud
     * @param tokens the host's identity; tokens are asked for the endpoint's {@code /.default} scope
     * @param serverTimeout how long the service may run a query
     * @param maxRetries how often a throttled (429) or failing (5xx) call is retried
     * @param httpClient the transport, shared between clients
     */
    public LogAnalytics(String workspaceId, Optional<String> endpoint, TokenProvider tokens, Duration serverTimeout,
                        int maxRetries, HttpClient httpClient) {
        this.workspaceId = workspaceId;
        this.serverTimeout = serverTimeout;
        LogsQueryClientBuilder builder = new LogsQueryClientBuilder()
                .credential(new TokenProviderCredential(tokens))
                .httpClient(httpClient)
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setMaxRetries(maxRetries)
                        .setBaseDelay(Duration.ofSeconds(1))
                        .setMaxDelay(Duration.ofSeconds(30))));
        endpoint.ifPresent(builder::endpoint);
        this.client = builder.buildClient();
    }

    /**
     * A JDK-based transport for {@link #LogAnalytics}; build one per plugin and share it.
     *
     * <p>Its work runs on a pool of its own: by default azure-core's JDK transport delivers response bodies on its
     * shared, bounded pool, the same one on which it blocks reading them, and enough concurrent queries then wait
     * for each other forever.
     *
     * @return the transport
     */
    public static HttpClient newHttpClient() {
        AtomicInteger number = new AtomicInteger();
        // Idle threads of a cached pool end by themselves, so the pool needs no owner to shut it down.
        return new JdkHttpClientBuilder().executor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "secai-loganalytics-http-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        })).build();
    }

    /** @return the workspace this client queries */
    public String workspaceId() {
        return workspaceId;
    }

    /**
     * Runs a query.
     *
     * @param kql the query, already checked by the guard
     * @param timespan how far back the service looks, or empty for what the query itself says
     * @return the first result table and any warnings
     * @throws QueryRejectedException when the service refuses the query as written
     * @throws ServiceException for throttling, timeouts, authentication and other failures
     */
    public QueryOutcome query(String kql, Optional<Duration> timespan) {
        LogsQueryOptions options = new LogsQueryOptions()
                .setServerTimeout(serverTimeout)
                .setAllowPartialErrors(true);
        QueryTimeInterval interval = timespan.map(QueryTimeInterval::new).orElse(QueryTimeInterval.ALL);
        LogsQueryResult result;
        try {
            result = client.queryWorkspaceWithResponse(workspaceId, kql, interval, options, Context.NONE).getValue();
        } catch (HttpResponseException e) {
            throw translate(e);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE,
                    "the workspace cannot be reached: " + rootMessage(e), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE,
                        "the workspace cannot be reached: " + rootMessage(io), e);
            }
            throw e;
        }
        List<String> warnings = new ArrayList<>();
        if (result.getQueryResultStatus() == LogsQueryResultStatus.PARTIAL_FAILURE && result.getError() != null) {
            warnings.add("Log Analytics returned partial results (" + result.getError().getCode() + "): "
                    + result.getError().getMessage());
        }
        List<LogsTable> tables = result.getAllTables();
        if (tables == null || tables.isEmpty()) {
            return new QueryOutcome(ResultTable.of(List.of(), List.of()), warnings);
        }
        return new QueryOutcome(convert(tables.get(0)), warnings);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private ServiceException translate(HttpResponseException e) {
        HttpResponse response = e.getResponse();
        int status = response == null ? 0 : response.getStatusCode();
        String text = serviceText(e);
        return switch (status) {
            case 400 -> new QueryRejectedException(text);
            case 401, 403 -> new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE,
                    "access to the workspace was refused (HTTP " + status + "): " + text
                            + ". Check that the signed-in identity can read workspace " + workspaceId + ".", e);
            case 404 -> new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE,
                    "workspace " + workspaceId + " was not found: " + text
                            + ". Check azure.workspace-id (AZURE_WORKSPACE_ID).", e);
            case 429 -> new ServiceException(SERVICE, ServiceException.Kind.THROTTLED,
                    "too many requests (HTTP 429) even after retrying: " + text + ". Wait a minute and ask again.", e);
            case 504 -> new ServiceException(SERVICE, ServiceException.Kind.TIMEOUT,
                    "the query took longer than the service allows (HTTP 504 gateway timeout). Narrow the time range"
                            + " or filter earlier in the query.", e);
            default -> new ServiceException(SERVICE, status >= 500 ? ServiceException.Kind.FAILED
                    : ServiceException.Kind.REJECTED, "the service answered HTTP " + status + ": " + text, e);
        };
    }

    /** The service's codes and messages, outermost first: "BadArgumentError: ... / SyntaxError: ... / SYN0002: ...". */
    private String serviceText(HttpResponseException e) {
        String body = null;
        if (e.getResponse() != null) {
            try {
                body = e.getResponse().getBodyAsString().block();
            } catch (RuntimeException unreadable) {
                body = null;
            }
        }
        if (body != null && !body.isBlank()) {
            try {
                JsonNode error = json.readTree(body).path("error");
                List<String> parts = new ArrayList<>();
                for (JsonNode level = error; !level.isMissingNode() && !level.isNull();
                     level = level.path("innererror")) {
                    String code = level.path("code").asText("");
                    String message = level.path("message").asText("");
                    parts.add(code.isEmpty() ? message : code + ": " + message);
                }
                if (!parts.isEmpty()) {
                    return String.join(" / ", parts);
                }
            } catch (IOException notJson) {
                return body.length() > 500 ? body.substring(0, 500) : body;
            }
        }
        return e.getMessage();
    }

    /**
     * azure-monitor-query 1.5.2 leaves {@code LogsTable.getColumns()} empty, so the columns are read from the
     * cells, which carry their column's name and type; an empty result therefore has no column headers.
     */
    private static ResultTable convert(LogsTable table) {
        List<ResultTable.Column> columns = new ArrayList<>();
        if (!table.getColumns().isEmpty()) {
            for (LogsTableColumn column : table.getColumns()) {
                columns.add(ResultTable.Column.of(column.getColumnName(),
                        KustoColumnTypes.fromKusto(String.valueOf(column.getColumnType()))));
            }
        } else if (!table.getRows().isEmpty()) {
            for (LogsTableCell cell : table.getRows().get(0).getRow()) {
                columns.add(ResultTable.Column.of(cell.getColumnName(),
                        KustoColumnTypes.fromKusto(String.valueOf(cell.getColumnType()))));
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (LogsTableRow row : table.getRows()) {
            List<Object> cells = new ArrayList<>(columns.size());
            List<LogsTableCell> values = row.getRow();
            for (int i = 0; i < columns.size(); i++) {
                cells.add(i < values.size() ? cell(columns.get(i).type(), values.get(i).getValueAsString()) : null);
            }
            rows.add(cells);
        }
        return ResultTable.of(columns, rows);
    }

    /** Cells as the API's Javadoc promises: String, Long, Double, Boolean or null. */
    static Object cell(ResultTable.ColumnType type, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (type) {
                case BOOL -> raw.equalsIgnoreCase("true") || raw.equals("1");
                case INT, LONG -> Long.parseLong(raw);
                case REAL -> Double.parseDouble(raw);
                default -> raw;
            };
        } catch (NumberFormatException notANumber) {
            return raw;
        }
    }
}
