package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@link FakeOpenAi}'s answers in the service's wire format: a {@code chat.completion} with content filter
 * results and usage, or server-sent events ({@code chat.completion.chunk}s word by word, a usage chunk when the
 * request asked for one, then {@code [DONE]}), and JSON errors, each with Azure's request-id and region headers.
 */
final class CompletionWriter {
    private static final String MODEL = "gpt-4o-2024-08-06";
    private static final Pattern STREAM_PIECE = Pattern.compile("\\S+\\s*|\\s+");

    private final ObjectMapper json;

    CompletionWriter(ObjectMapper json) {
        this.json = json;
    }

    void sendCompletion(HttpExchange exchange, ChatCall call, Reply reply, ObjectNode usage) throws IOException {
        String content = reply.content().orElseThrow();
        ObjectNode root = json.createObjectNode();
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.set("content_filter_results", contentFilterResults(false));
        choice.put("finish_reason", reply.finishReason().orElseThrow());
        choice.put("index", 0);
        choice.putNull("logprobs");
        ObjectNode message = choice.putObject("message");
        message.put("content", content);
        message.putNull("refusal");
        message.put("role", "assistant");
        root.put("created", Instant.now().getEpochSecond());
        root.put("id", completionId(call));
        root.put("model", MODEL);
        root.put("object", "chat.completion");
        root.set("prompt_filter_results", promptFilterResults());
        root.put("system_fingerprint", "fp_fake");
        root.set("usage", usage);
        sendJson(exchange, 200, root.toString(), reply.headers());
    }

    void sendStream(HttpExchange exchange, ChatCall call, Reply reply, ObjectNode usage) throws IOException {
        String content = reply.content().orElseThrow();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        standardHeaders(exchange);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();

        ObjectNode filters = json.createObjectNode();
        filters.put("created", 0);
        filters.put("id", "");
        filters.put("model", "");
        filters.put("object", "");
        filters.putArray("choices");
        filters.set("prompt_filter_results", promptFilterResults());
        event(out, filters.toString());

        long created = Instant.now().getEpochSecond();
        ObjectNode delta = json.createObjectNode();
        delta.put("content", "");
        delta.put("role", "assistant");
        event(out, chunk(call, created, delta, null, false).toString());
        Matcher pieces = STREAM_PIECE.matcher(content);
        while (pieces.find()) {
            ObjectNode piece = json.createObjectNode();
            piece.put("content", pieces.group());
            event(out, chunk(call, created, piece, null, true).toString());
        }
        event(out, chunk(call, created, json.createObjectNode(), reply.finishReason().orElseThrow(), true)
                .toString());
        if (call.includeUsage()) {
            ObjectNode last = json.createObjectNode();
            last.putArray("choices");
            last.put("created", created);
            last.put("id", completionId(call));
            last.put("model", MODEL);
            last.put("object", "chat.completion.chunk");
            last.put("system_fingerprint", "fp_fake");
            last.set("usage", usage);
            event(out, last.toString());
        }
        event(out, "[DONE]");
    }

    private ObjectNode chunk(ChatCall call, long created, ObjectNode delta, String finishReason, boolean filtered) {
        ObjectNode root = json.createObjectNode();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.set("content_filter_results", filtered ? contentFilterResults(false) : json.createObjectNode());
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        choice.put("index", 0);
        choice.putNull("logprobs");
        root.put("created", created);
        root.put("id", completionId(call));
        root.put("model", MODEL);
        root.put("object", "chat.completion.chunk");
        root.put("system_fingerprint", "fp_fake");
        return root;
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ArrayNode promptFilterResults() {
        ArrayNode results = json.createArrayNode();
        ObjectNode result = results.addObject();
        result.put("prompt_index", 0);
        result.set("content_filter_results", contentFilterResults(true));
        return results;
    }

    private ObjectNode contentFilterResults(boolean withJailbreak) {
        ObjectNode results = json.createObjectNode();
        for (String category : new String[] {"hate", "self_harm", "sexual", "violence"}) {
            ObjectNode each = results.putObject(category);
            each.put("filtered", false);
            each.put("severity", "safe");
        }
        if (withJailbreak) {
            ObjectNode jailbreak = results.putObject("jailbreak");
            jailbreak.put("filtered", false);
            jailbreak.put("detected", false);
        }
        return results;
    }

    private static String completionId(ChatCall call) {
        return "chatcmpl-fake" + call.number();
    }

    static void sendJson(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        standardHeaders(exchange);
        LoopbackServer.send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void standardHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("apim-request-id", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("x-ms-region", "Local Fake");
    }
}
