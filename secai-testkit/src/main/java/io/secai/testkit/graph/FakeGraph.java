package io.secai.testkit.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
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
 * A local Microsoft Graph security API over HTTPS, in the wire format of {@code https://graph.microsoft.com/v1.0}:
 *
 * <ul>
 *   <li>{@code GET /v1.0/security/incidents} with {@code $filter} (clauses {@code field eq 'text'} and
 *       {@code field ge 2026-11-01T00:00:00Z} joined by {@code and}), {@code $orderby=createdDateTime desc},
 *       {@code $top} and {@code $expand=alerts}; pages of at most {@link #pageSize(int) pageSize} items, the next
 *       one linked by {@code @odata.nextLink} (with {@code $skiptoken});</li>
 *   <li>{@code GET /v1.0/security/incidents/{id}} (with {@code $expand=alerts}), {@code GET
 *       /v1.0/security/alerts_v2} (with {@code $filter}) and {@code GET /v1.0/security/alerts_v2/{id}};</li>
 *   <li>{@code POST /v1.0/security/runHuntingQuery} with {@code {"Query": ..., "Timespan": ...}}, answered
 *       {@code {"schema": [{"name", "type"}], "results": [{...}]}}: by rules ({@link #whenHunting}), else from the
 *       tables given ({@link #huntingTable}): {@code T | getschema} describes one, a query starting with a table's
 *       name returns its rows, an unknown table is the 400 the service gives.</li>
 * </ul>
 * Errors are Graph's error document; a request without a bearer token gets 401. Replies queued with
 * {@link #failNext} (429 with {@code Retry-After}, 403, 5xx) answer the next requests whose path starts with the
 * given prefix, before anything else. Every request is recorded ({@link #requests()}).
 */
public final class FakeGraph implements AutoCloseable {
    private static final String PREFIX = "/v1.0/security/";
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(\\w+)\\s+(eq|ge|le|gt|lt)\\s+(?:'((?:[^']|'')*)'|([0-9TZ:.\\-]+))\\s*");
    private static final Pattern GETSCHEMA = Pattern.compile("^\\s*(\\w+)\\s*\\|\\s*getschema\\s*$");
    private static final Pattern FIRST_NAME = Pattern.compile("^\\s*([A-Za-z_]\\w*)");
    private static final Pattern TAKE = Pattern.compile("\\|\\s*(?:take|limit)\\s+(\\d+)");

    private final ObjectMapper json = new ObjectMapper();
    private final LoopbackServer server;
    private final Map<String, ObjectNode> incidents = new LinkedHashMap<>();
    private final Map<String, ObjectNode> alerts = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Request> recorded = new CopyOnWriteArrayList<>();
    private volatile int pageSize = 50;

    private record Rule(Predicate<String> matches, Function<String, GraphReply> reply) {
    }

    private record Fault(String pathPrefix, GraphReply reply) {
    }

    private record Table(List<Map.Entry<String, String>> columns, List<List<Object>> rows) {
    }

    /**
     * A request the fake received.
     *
     * @param method GET or POST
     * @param path the path, such as {@code /v1.0/security/incidents}
     * @param query the decoded query parameters
     * @param body the request body, empty for GET
     * @param bearerToken whether an {@code Authorization: Bearer} header came with it
     */
    public record Request(String method, String path, Map<String, String> query, String body, boolean bearerToken) {
        /** @return the {@code Query} of a {@code runHuntingQuery} body, or empty */
        public String huntingQuery() {
            try {
                return new ObjectMapper().readTree(body.isEmpty() ? "{}" : body).path("Query").asText("");
            } catch (IOException e) {
                return "";
            }
        }
    }

    private FakeGraph() {
        this.server = LoopbackServer.https("fake-graph").on("/", this::handle);
    }

    /** @return a running fake with no data; close it after the test */
    public static FakeGraph start() {
        return new FakeGraph();
    }

    /** @return the base URL to configure, {@code https://localhost:PORT/v1.0} */
    public String baseUrl() {
        return "https://localhost:" + server.port() + "/v1.0";
    }

    /**
     * Adds an incident (without its alerts: {@link #alert} adds those, by their {@code incidentId}).
     *
     * @param incident see {@link SecurityData#incident}
     * @return this fake
     */
    public synchronized FakeGraph incident(ObjectNode incident) {
        incidents.put(incident.path("id").asText(), incident.deepCopy());
        return this;
    }

    /**
     * Adds an alert.
     *
     * @param alert see {@link SecurityData#alert}
     * @return this fake
     */
    public synchronized FakeGraph alert(ObjectNode alert) {
        alerts.put(alert.path("id").asText(), alert.deepCopy());
        return this;
    }

    /**
     * Adds an advanced-hunting table.
     *
     * @param name the table name
     * @param columns name and Graph type of each column
     * @param rows its rows
     * @return this fake
     */
    public synchronized FakeGraph huntingTable(String name, List<Map.Entry<String, String>> columns,
                                               List<List<Object>> rows) {
        tables.put(name, new Table(List.copyOf(columns), List.copyOf(rows)));
        return this;
    }

    /**
     * Answers hunting queries the predicate accepts with the function's reply, before the tables.
     *
     * @param query tests the KQL text
     * @param reply builds the reply
     * @return this fake
     */
    public FakeGraph whenHunting(Predicate<String> query, Function<String, GraphReply> reply) {
        rules.add(new Rule(query, reply));
        return this;
    }

    /**
     * Answers the next request whose path (after {@code /v1.0/security/}) starts with the prefix with this reply.
     *
     * @param pathPrefix such as {@code incidents} or {@code runHuntingQuery}; empty for any
     * @param reply the reply
     * @return this fake
     */
    public FakeGraph failNext(String pathPrefix, GraphReply reply) {
        synchronized (faults) {
            faults.addLast(new Fault(pathPrefix, Objects.requireNonNull(reply, "reply")));
        }
        return this;
    }

    /**
     * @param size the most items a page holds, whatever {@code $top} asks
     * @return this fake
     */
    public FakeGraph pageSize(int size) {
        this.pageSize = size;
        return this;
    }

    /** @return every request so far, in order */
    public List<Request> requests() {
        return List.copyOf(recorded);
    }

    /** @return the hunting queries received so far, in order */
    public List<String> huntingQueries() {
        return recorded.stream().filter(r -> r.path().endsWith("/runHuntingQuery")).map(Request::huntingQuery)
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = decode(exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Request request = new Request(exchange.getRequestMethod(), path, query, body,
                authorization != null && authorization.startsWith("Bearer ") && authorization.length() > 7);
        recorded.add(request);
        send(exchange, reply(request));
    }

    private GraphReply reply(Request request) {
        if (!request.bearerToken()) {
            return GraphReply.error(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        if (!request.path().startsWith(PREFIX)) {
            return GraphReply.error(400, "BadRequest", "Resource not found for the segment '"
                    + request.path() + "'.");
        }
        String resource = request.path().substring(PREFIX.length());
        synchronized (faults) {
            for (Fault fault : faults) {
                if (resource.startsWith(fault.pathPrefix())) {
                    faults.remove(fault);
                    return fault.reply();
                }
            }
        }
        try {
            if (resource.equals("runHuntingQuery") && request.method().equals("POST")) {
                return hunting(request);
            }
            if (!request.method().equals("GET")) {
                return GraphReply.error(405, "MethodNotAllowed", "The HTTP method is not allowed here.");
            }
            synchronized (this) {
                if (resource.equals("incidents")) {
                    return collection("security/incidents", request, new ArrayList<>(incidents.values()));
                }
                if (resource.startsWith("incidents/")) {
                    ObjectNode incident = incidents.get(resource.substring("incidents/".length()));
                    return incident == null ? notFound("incident") : entity("security/incidents/$entity",
                            expand(incident, request.query()));
                }
                if (resource.equals("alerts_v2")) {
                    return collection("security/alerts_v2", request, new ArrayList<>(alerts.values()));
                }
                if (resource.startsWith("alerts_v2/")) {
                    ObjectNode alert = alerts.get(resource.substring("alerts_v2/".length()));
                    return alert == null ? notFound("alert") : entity("security/alerts_v2/$entity", alert);
                }
            }
        } catch (IllegalArgumentException badRequest) {
            return GraphReply.error(400, "BadRequest", badRequest.getMessage());
        }
        return GraphReply.error(400, "BadRequest", "Resource not found for the segment '" + resource + "'.");
    }

    private GraphReply collection(String context, Request request, List<ObjectNode> items) {
        Map<String, String> query = request.query();
        List<ObjectNode> matching = new ArrayList<>();
        Optional<String> filter = Optional.ofNullable(query.get("$filter"));
        for (ObjectNode item : items) {
            if (filter.isEmpty() || matches(item, filter.get())) {
                matching.add(item);
            }
        }
        if ("createdDateTime desc".equals(query.get("$orderby"))) {
            matching.sort(Comparator.comparing((ObjectNode i) -> i.path("createdDateTime").asText()).reversed());
        } else if (query.containsKey("$orderby")) {
            throw new IllegalArgumentException("The fake orders by createdDateTime desc only.");
        }
        int top = query.containsKey("$top") ? Integer.parseInt(query.get("$top")) : pageSize;
        int size = Math.min(top, pageSize);
        int skip = query.containsKey("$skiptoken") ? Integer.parseInt(query.get("$skiptoken")) : 0;
        ObjectNode body = json.createObjectNode().put("@odata.context",
                "https://graph.microsoft.com/v1.0/$metadata#" + context);
        ArrayNode value = body.putArray("value");
        for (int i = skip; i < Math.min(matching.size(), skip + size); i++) {
            value.add(expand(matching.get(i), query));
        }
        if (skip + size < matching.size()) {
            Map<String, String> next = new LinkedHashMap<>(query);
            next.put("$skiptoken", Integer.toString(skip + size));
            body.put("@odata.nextLink", baseUrl() + request.path().substring("/v1.0".length()) + "?" + encode(next));
        }
        return new GraphReply(200, Map.of(), body.toString());
    }

    private ObjectNode expand(ObjectNode item, Map<String, String> query) {
        ObjectNode copy = item.deepCopy();
        if ("alerts".equals(query.get("$expand"))) {
            ArrayNode expanded = copy.putArray("alerts");
            alerts.values().stream().filter(a -> a.path("incidentId").asText().equals(item.path("id").asText()))
                    .forEach(expanded::add);
        } else if (query.containsKey("$expand")) {
            throw new IllegalArgumentException("Parsing OData Select and Expand failed: Could not find a property"
                    + " named '" + query.get("$expand") + "'.");
        }
        return copy;
    }

    private static boolean matches(ObjectNode item, String filter) {
        for (String clause : filter.split("(?i)\\s+and\\s+")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new IllegalArgumentException("Invalid filter clause: '" + clause + "'.");
            }
            String actual = item.path(m.group(1)).asText("");
            String expected = m.group(3) != null ? m.group(3).replace("''", "'") : m.group(4);
            int order = actual.compareTo(expected);
            boolean ok = switch (m.group(2)) {
                case "eq" -> actual.equals(expected);
                case "ge" -> order >= 0;
                case "le" -> order <= 0;
                case "gt" -> order > 0;
                default -> order < 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private GraphReply hunting(Request request) {
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (IOException e) {
            return GraphReply.badQuery("The request body is not JSON.");
        }
        String kql = body == null ? "" : body.path("Query").asText("");
        if (kql.isBlank()) {
            return GraphReply.badQuery("Query is required.");
        }
        for (Rule rule : rules) {
            if (rule.matches().test(kql)) {
                return rule.reply().apply(kql);
            }
        }
        synchronized (this) {
            Matcher getschema = GETSCHEMA.matcher(kql);
            if (getschema.matches()) {
                Table table = tables.get(getschema.group(1));
                if (table == null) {
                    return unknownTable(getschema.group(1));
                }
                List<List<Object>> rows = new ArrayList<>();
                int ordinal = 0;
                for (Map.Entry<String, String> column : table.columns()) {
                    rows.add(List.of(column.getKey(), ordinal++, "System." + column.getValue(),
                            kustoType(column.getValue())));
                }
                return GraphReply.hunting(List.of(Map.entry("ColumnName", "String"),
                        Map.entry("ColumnOrdinal", "Int32"), Map.entry("DataType", "String"),
                        Map.entry("ColumnType", "String")), rows);
            }
            Matcher first = FIRST_NAME.matcher(kql);
            if (first.find()) {
                Table table = tables.get(first.group(1));
                if (table == null) {
                    return unknownTable(first.group(1));
                }
                List<List<Object>> rows = table.rows();
                Matcher take = TAKE.matcher(kql);
                if (take.find()) {
                    rows = rows.subList(0, Math.min(rows.size(), Integer.parseInt(take.group(1))));
                }
                return GraphReply.hunting(table.columns(), rows);
            }
        }
        return GraphReply.badQuery("Query could not be parsed.");
    }

    private static GraphReply unknownTable(String name) {
        return GraphReply.badQuery("Failed to resolve table expression named '" + name + "'");
    }

    private static String kustoType(String graphType) {
        return switch (graphType) {
            case "DateTime" -> "datetime";
            case "Int32" -> "int";
            case "Int64" -> "long";
            case "Double" -> "real";
            case "Boolean" -> "bool";
            case "Object" -> "dynamic";
            default -> "string";
        };
    }

    private static GraphReply notFound(String what) {
        return GraphReply.error(404, "NotFound", "The " + what + " was not found.");
    }

    private GraphReply entity(String context, ObjectNode item) {
        ObjectNode body = json.createObjectNode().put("@odata.context",
                "https://graph.microsoft.com/v1.0/$metadata#" + context);
        body.setAll(item);
        return new GraphReply(200, Map.of(), body.toString());
    }

    private static Map<String, String> decode(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private static String encode(Map<String, String> query) {
        List<String> pairs = new ArrayList<>();
        query.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        return String.join("&", pairs);
    }

    private static void send(HttpExchange exchange, GraphReply reply) throws IOException {
        LoopbackServer.send(exchange, reply.status(), "application/json; odata.metadata=minimal;"
                + " odata.streaming=true; IEEE754Compatible=false; charset=utf-8",
                reply.body().getBytes(StandardCharsets.UTF_8), reply.headers());
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.close();
    }
}
