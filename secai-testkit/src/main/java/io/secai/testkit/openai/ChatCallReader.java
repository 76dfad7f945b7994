package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.IntSupplier;

/**
 * Reads a chat-completions request as {@link FakeOpenAi} receives it (Azure's or OpenAI's wire format) into the
 * {@link ChatCall} a test inspects: messages (text parts of multi-part content joined), headers, streaming, the
 * response format and schema, temperature and token limit.
 */
final class ChatCallReader {

    private ChatCallReader() {
    }

    /**
     * @param json the fake's mapper
     * @param exchange the request
     * @param number gives the call its number, asked only once the request reads
     * @param deployment the deployment from the path, or the model from the body
     * @param body the request body
     * @return the call
     * @throws IllegalArgumentException when the body is not a chat request (the fake answers 400)
     */
    static ChatCall read(ObjectMapper json, HttpExchange exchange, IntSupplier number, String deployment,
                         byte[] body) throws IOException {
        JsonNode request = json.readTree(body);
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        List<ChatCall.Message> messages = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            messages.add(new ChatCall.Message(message.path("role").asText(), contentText(message.path("content"))));
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' is a required property");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        JsonNode format = request.path("response_format");
        JsonNode schema = format.path("json_schema");
        return new ChatCall(
                // Numbered only once the request reads, so a malformed one takes no number.
                number.getAsInt(),
                deployment,
                queryParameter(exchange.getRequestURI().getRawQuery(), "api-version"),
                headers,
                messages,
                request.path("stream").asBoolean(false),
                request.path("stream_options").path("include_usage").asBoolean(false),
                textAt(format, "type"),
                textAt(schema, "name"),
                schema.has("schema") ? Optional.of(schema.get("schema").toString()) : Optional.empty(),
                request.path("temperature").isNumber()
                        ? OptionalDouble.of(request.get("temperature").asDouble()) : OptionalDouble.empty(),
                request.path("max_tokens").isNumber()
                        ? OptionalInt.of(request.get("max_tokens").asInt()) : OptionalInt.empty(),
                new String(body, StandardCharsets.UTF_8));
    }

    /** @return the {@code model} of an OpenAI-format request, which names what Azure's path would */
    static String modelOf(ObjectMapper json, byte[] body) throws IOException {
        JsonNode model = json.readTree(body).path("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new IllegalArgumentException("'model' is a required property");
        }
        return model.asText();
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                parts.add(part.path("text").asText());
            }
        }
        return String.join("\n", parts);
    }

    private static Optional<String> textAt(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return "";
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }
}
