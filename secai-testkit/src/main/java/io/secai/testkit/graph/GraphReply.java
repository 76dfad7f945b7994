package io.secai.testkit.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * One answer of the fake Graph: a status, headers and a JSON body.
 *
 * @param status the HTTP status
 * @param headers extra response headers (such as {@code Retry-After})
 * @param body the JSON body
 */
public record GraphReply(int status, Map<String, String> headers, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public GraphReply {
        headers = Map.copyOf(headers);
    }

    /**
     * A hunting answer as {@code runHuntingQuery} gives it.
     *
     * @param columns name and Graph type ({@code String}, {@code DateTime}, {@code Int64}, {@code Boolean},
     *     {@code Double}, {@code Object}) of each column, in order
     * @param rows one list of cells per row, in column order
     * @return the reply
     */
    public static GraphReply hunting(List<Map.Entry<String, String>> columns, List<List<Object>> rows) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode schema = body.putArray("schema");
        columns.forEach(c -> schema.addObject().put("name", c.getKey()).put("type", c.getValue()));
        ArrayNode results = body.putArray("results");
        for (List<Object> row : rows) {
            ObjectNode result = results.addObject();
            for (int i = 0; i < columns.size(); i++) {
                result.set(columns.get(i).getKey(), JSON.valueToTree(row.get(i)));
            }
        }
        return new GraphReply(200, Map.of(), body.toString());
    }

    /**
     * Graph's error document {@code {"error": {"code", "message", "innerError"}}}.
     *
     * @param status the HTTP status
     * @param code the error code ({@code BadRequest}, {@code Forbidden}, {@code TooManyRequests}, ...)
     * @param message the message
     * @return the reply
     */
    public static GraphReply error(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        error.putObject("innerError").put("date", "2026-12-01T00:00:00").put("request-id",
                "0d7b9a53-7a7e-4b8c-9d2e-1f3a5b7c9d0e").put("client-request-id", "0d7b9a53-7a7e-4b8c-9d2e-1f3a5b7c9d0e");
        return new GraphReply(status, Map.of(), body.toString());
    }

    /**
     * A 429 with {@code Retry-After}.
     *
     * @param retryAfterSeconds the seconds to wait
     * @return the reply
     */
    public static GraphReply throttled(int retryAfterSeconds) {
        GraphReply error = error(429, "TooManyRequests", "Too many requests. Please retry after the time in the"
                + " Retry-After header.");
        return new GraphReply(429, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), error.body());
    }

    /** @return the 403 Graph gives an identity without the permission */
    public static GraphReply forbidden() {
        return error(403, "Forbidden", "Insufficient privileges to complete the operation.");
    }

    /**
     * The 400 advanced hunting gives a query it cannot run.
     *
     * @param message the service's message
     * @return the reply
     */
    public static GraphReply badQuery(String message) {
        return error(400, "BadRequest", message);
    }
}
