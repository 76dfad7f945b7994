package io.secai.testkit.loganalytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Log Analytics query API over HTTPS, for tests that drive the real azure-monitor-query
 * {@code LogsQueryClient}.
 *
 * <p>It speaks the wire format the client uses: {@code POST /v1/workspaces/{workspaceId}/query} with a JSON body
 * {@code {"query": ..., "timespan": ..., "workspaces": [...]}} and a {@code Prefer} header such as {@code wait=600}
 * for the server timeout; it answers {@code {"tables": [{"name", "columns": [{"name", "type"}], "rows"}]}}, or an
 * error document {@code {"error": {"code", "message", "innererror"}}} with the status the service uses.
 *
 * <p>How a query is answered, in order:
 * <ol>
 *   <li>replies queued with {@link #enqueue(Reply)}, first in, first out, whatever the query;</li>
 *   <li>rules added with {@link #when(Predicate, Function)}, the first whose predicate accepts the query text;</li>
 *   <li>the {@link FakeWorkspace}: {@code print N} answers one row (column {@code print_0}, as the service does),
 *       {@code union withsource=T * | summarize by T} lists its tables,
 *       {@code Table | getschema} describes a table, and any other query starting with a table name returns that
 *       table's rows (at most N with {@code take N} or {@code limit N}); an unknown table is the 400
 *       {@code SemanticError} the service gives.</li>
 * </ol>
 * Every request is recorded ({@link #queries()}), including the ones answered with an error.
 *
 * <p>Typical use:
 * <pre>{@code
 * TestTls.shared().installAsJvmDefault();
 * try (FakeLogAnalytics logs = FakeLogAnalytics.start(FakeWorkspace.fromResource("/workspace.json", MyTest.class))) {
 *     // Give the JDK transport a pool of its own: on azure-core's shared pool, enough concurrent calls starve the
 *     // delivery of the response bodies its blocking reads wait for.
 *     HttpClient transport = new JdkHttpClientBuilder().executor(Executors.newCachedThreadPool()).build();
 *     LogsQueryClient client = new LogsQueryClientBuilder().endpoint(logs.endpoint())
 *             .credential(staticToken).httpClient(transport).buildClient();
 *     logs.enqueue(FakeLogAnalytics.Reply.syntaxError("Query could not be parsed at '|' on line [2,0]"));
 *     ...
 *     assertThat(logs.queries()).extracting(RecordedQuery::query).containsExactly(...);
 * }
 * }</pre>
 */
public final class FakeLogAnalytics implements AutoCloseable {
    /** The workspace id the fake serves unless another is given. */
    public static final String DEFAULT_WORKSPACE_ID = "5e2c6a1f-0d1e-4c39-9a57-2b1f0c3d4e5f";

    private static final Pattern PATH = Pattern.compile("/v1/workspaces/([^/]+)/query");

    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server;
    private final String workspaceId;
    private final FakeWorkspace workspace;
    /** Every workspace the fake serves by its id (lower case), the first one included. */
    private final Map<String, FakeWorkspace> served;
    /** Answers a query from the workspaces' tables, as the service would. */
    private final WorkspaceQueries queries;
    private final Deque<Reply> queued = new ArrayDeque<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<RecordedQuery> recorded = new CopyOnWriteArrayList<>();

    private record Rule(Predicate<String> matches, Function<RecordedQuery, Reply> reply) {
    }

    private FakeLogAnalytics(Map<String, FakeWorkspace> workspaces) {
        if (workspaces.isEmpty()) {
            throw new IllegalArgumentException("a fake Log Analytics serves at least one workspace");
        }
        Map.Entry<String, FakeWorkspace> first = workspaces.entrySet().iterator().next();
        this.workspaceId = first.getKey();
        this.workspace = first.getValue();
        Map<String, FakeWorkspace> byId = new java.util.LinkedHashMap<>();
        workspaces.forEach((id, tables) -> byId.put(id.toLowerCase(java.util.Locale.ROOT), tables));
        this.served = Map.copyOf(byId);
        this.queries = new WorkspaceQueries(served);
        this.server = LoopbackServer.https("fake-log-analytics").on("/", this::handle);
    }

    /**
     * Starts a fake serving {@link #DEFAULT_WORKSPACE_ID} on a free loopback port.
     *
     * @param workspace the tables it answers from
     * @return the running fake; close it after the test
     */
    public static FakeLogAnalytics start(FakeWorkspace workspace) {
        return start(DEFAULT_WORKSPACE_ID, workspace);
    }

    /**
     * Starts a fake on a free loopback port.
     *
     * @param workspaceId the only workspace id it accepts; others get 404 {@code WorkspaceNotFoundError}
     * @param workspace the tables it answers from
     * @return the running fake; close it after the test
     */
    public static FakeLogAnalytics start(String workspaceId, FakeWorkspace workspace) {
        return new FakeLogAnalytics(Map.of(workspaceId, workspace));
    }

    /**
     * Starts a fake serving several workspaces on one endpoint, as the real service does: each request reads the
     * workspace of its path, and {@code workspace("<id>").Table} in a query reads that one (an id it does not serve
     * is the service's 400). {@link RecordedQuery#workspaceId()} tells which workspace a query went to.
     *
     * @param workspaces the tables of each workspace by its id, in order; the first is {@link #workspaceId()}
     * @return the running fake; close it after the test
     * @since 1.1
     */
    public static FakeLogAnalytics start(java.util.LinkedHashMap<String, FakeWorkspace> workspaces) {
        return new FakeLogAnalytics(workspaces);
    }

    /**
     * The endpoint to give {@code LogsQueryClientBuilder.endpoint(...)}: {@code https://localhost:PORT/v1}.
     *
     * @return the endpoint
     */
    public String endpoint() {
        return "https://localhost:" + server.port() + "/v1";
    }

    /** @return the workspace id this fake accepts */
    public String workspaceId() {
        return workspaceId;
    }

    /** @return the tables it answers from */
    public FakeWorkspace workspace() {
        return workspace;
    }

    /**
     * Queues a reply for the next request, whatever its query. Queued replies go first, in order.
     *
     * @param reply what to answer
     * @return this fake
     */
    public FakeLogAnalytics enqueue(Reply reply) {
        synchronized (queued) {
            queued.addLast(Objects.requireNonNull(reply, "reply"));
        }
        return this;
    }

    /**
     * Adds a rule: queries whose text the predicate accepts get the reply the function builds.
     *
     * @param query tests the query text
     * @param reply builds the reply from the recorded request
     * @return this fake
     */
    public FakeLogAnalytics when(Predicate<String> query, Function<RecordedQuery, Reply> reply) {
        rules.add(new Rule(query, reply));
        return this;
    }

    /** @return every request received so far, in order */
    public List<RecordedQuery> queries() {
        return List.copyOf(recorded);
    }

    /**
     * The answer the workspace fixture gives a query (step 3 of the class comment), for rules that want to change
     * it slightly.
     *
     * @param query the KQL text
     * @return the reply
     */
    public Reply answerFromWorkspace(String query) {
        return queries.answer(workspace, query);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
            send(exchange, Reply.error(404, "PathNotFoundError", "The requested path does not exist", null, null));
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            send(exchange, Reply.error(400, "BadArgumentError", "The request body is not JSON", null, null));
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        RecordedQuery request = new RecordedQuery(path.group(1), body.path("query").asText(""),
                body.hasNonNull("timespan") ? Optional.of(body.get("timespan").asText()) : Optional.empty(),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Prefer")),
                authorization != null && authorization.startsWith("Bearer "));
        recorded.add(request);
        if (!request.bearerToken()) {
            send(exchange, Reply.error(401, "AuthorizationRequiredError",
                    "Valid authentication was not provided", null, null));
            return;
        }
        FakeWorkspace target = served.get(request.workspaceId().toLowerCase(java.util.Locale.ROOT));
        if (target == null) {
            send(exchange, Reply.error(404, "WorkspaceNotFoundError",
                    "Workspace " + request.workspaceId() + " not found", null, null));
            return;
        }
        send(exchange, replyFor(request, target));
    }

    private Reply replyFor(RecordedQuery request, FakeWorkspace target) {
        synchronized (queued) {
            if (!queued.isEmpty()) {
                return queued.removeFirst();
            }
        }
        for (Rule rule : rules) {
            if (rule.matches().test(request.query())) {
                return rule.reply().apply(request);
            }
        }
        return queries.answer(target, request.query());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LoopbackServer.send(exchange, reply.status(), "application/json; charset=utf-8",
                reply.body().getBytes(StandardCharsets.UTF_8), reply.headers());
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.close();
    }

    /**
     * A request the fake received.
     *
     * @param workspaceId the workspace id in the path
     * @param query the KQL text of the body
     * @param timespan the body's ISO-8601 {@code timespan}, when the client sent one
     * @param prefer the {@code Prefer} header ({@code wait=N} carries the server timeout), when sent
     * @param bearerToken whether an {@code Authorization: Bearer} header came with it
     */
    public record RecordedQuery(String workspaceId, String query, Optional<String> timespan, Optional<String> prefer,
                                boolean bearerToken) {
    }

    /**
     * An HTTP answer of the fake.
     *
     * @param status the HTTP status
     * @param body the JSON body
     * @param headers extra response headers
     * @param delay how long the fake waits before it answers, as a slow query does
     */
    public record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        private static final ObjectMapper JSON = new ObjectMapper();

        public Reply {
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(delay, "delay");
        }

        /**
         * An answer given at once.
         *
         * @param status the HTTP status
         * @param body the JSON body
         * @param headers extra response headers
         */
        public Reply(int status, String body, Map<String, String> headers) {
            this(status, body, headers, Duration.ZERO);
        }

        /**
         * @param value how long to wait before answering
         * @return this reply, given after that wait
         */
        public Reply withDelay(Duration value) {
            return new Reply(status, body, headers, value);
        }

        /**
         * A successful answer with one table named {@code PrimaryResult}.
         *
         * @param columns the columns
         * @param rows the rows, one JSON-compatible value per column
         * @return the reply
         */
        public static Reply table(List<FakeWorkspace.Column> columns, List<List<Object>> rows) {
            return new Reply(200, JSON.createObjectNode().set("tables", tables(columns, rows)).toString(), Map.of());
        }

        /**
         * A response body in the wire format, as the service sent it (for example a recorded response file).
         *
         * @param responseJson {@code {"tables": [...]}}, possibly with an {@code error}
         * @return a 200 reply with that body
         */
        public static Reply raw(String responseJson) {
            return new Reply(200, responseJson, Map.of());
        }

        /**
         * A 200 answer carrying rows and a {@code PartialError}, as when a query hits a size limit.
         *
         * @param message the inner error's message
         * @param columns the columns of the partial rows
         * @param rows the partial rows
         * @return the reply
         */
        public static Reply partialError(String message, List<FakeWorkspace.Column> columns,
                                         List<List<Object>> rows) {
            ObjectNode root = JSON.createObjectNode();
            root.set("tables", tables(columns, rows));
            ObjectNode error = root.putObject("error");
            error.put("code", "PartialError");
            error.put("message", "There were some errors when processing your query.");
            ObjectNode detail = error.putArray("details").addObject();
            detail.put("code", "EngineError");
            detail.put("message", "Something went wrong processing your query on the server.");
            ObjectNode inner = detail.putObject("innererror");
            inner.put("code", "-2133196794");
            inner.put("message", message);
            return new Reply(200, root.toString(), Map.of());
        }

        /**
         * The 400 the service gives for a query it cannot parse: {@code BadArgumentError} with an inner
         * {@code SyntaxError}.
         *
         * @param message the innermost message, such as {@code Query could not be parsed at '|' on line [2,0]}
         * @return the reply
         */
        public static Reply syntaxError(String message) {
            return error(400, "BadArgumentError", "The request had some invalid properties", "SyntaxError",
                    message);
        }

        /**
         * The 400 for a query naming something that does not exist: {@code BadArgumentError} with an inner
         * {@code SemanticError}.
         *
         * @param message the innermost message
         * @return the reply
         */
        public static Reply semanticError(String message) {
            return error(400, "BadArgumentError", "The request had some invalid properties", "SemanticError",
                    message);
        }

        /** @return the 504 {@code GatewayTimeout} of a query that ran too long */
        public static Reply gatewayTimeout() {
            return error(504, "GatewayTimeout", "The gateway did not receive a response in time", null, null);
        }

        /**
         * @param retryAfter the wait the service asks for
         * @return the 429 of a throttled caller, with {@code Retry-After}
         */
        public static Reply throttled(Duration retryAfter) {
            Reply reply = error(429, "TooManyRequests", "Too many requests; retry after " + retryAfter.toSeconds()
                    + " seconds", null, null);
            return new Reply(429, reply.body(), Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
        }

        /**
         * An error document {@code {"error": {"code", "message", "innererror": {"code", "message"}}}}.
         *
         * @param status the HTTP status
         * @param code the error code
         * @param message the error message
         * @param innerCode the inner error's code, or null for none
         * @param innerMessage the inner error's message (nested one level deeper, as the service does)
         * @return the reply
         */
        public static Reply error(int status, String code, String message, String innerCode, String innerMessage) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("message", message);
            error.put("code", code);
            error.put("correlationId", "00000000-0000-0000-0000-000000000000");
            if (innerCode != null) {
                ObjectNode inner = error.putObject("innererror");
                inner.put("code", innerCode);
                inner.put("message", innerCode.equals("SyntaxError")
                        ? "A recognition error occurred in the query." : innerMessage);
                ObjectNode innermost = inner.putObject("innererror");
                innermost.put("code", innerCode.equals("SyntaxError") ? "SYN0002" : "SEM0100");
                innermost.put("message", innerMessage);
            }
            return new Reply(status, root.toString(), Map.of());
        }

        private static ArrayNode tables(List<FakeWorkspace.Column> columns, List<List<Object>> rows) {
            ArrayNode tables = JSON.createArrayNode();
            ObjectNode table = tables.addObject();
            table.put("name", "PrimaryResult");
            ArrayNode columnNodes = table.putArray("columns");
            for (FakeWorkspace.Column column : columns) {
                columnNodes.addObject().put("name", column.name()).put("type", column.type());
            }
            ArrayNode rowNodes = table.putArray("rows");
            for (List<Object> row : rows) {
                rowNodes.add(JSON.valueToTree(row));
            }
            return tables;
        }
    }
}
