package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Set;

/**
 * Ways real OpenAI-compatible servers refuse requests that the OpenAI API accepts, for {@link FakeOpenAi} to mimic:
 * each refusal is an HTTP 400 with the body those servers send ({@code error.message}, {@code type},
 * {@code param}, {@code code}).
 *
 * @since 1.1
 */
public enum ServerQuirk {
    /** A server without structured outputs (older vLLM, llama.cpp, LM Studio builds): refuses {@code json_schema}. */
    NO_JSON_SCHEMA,
    /** A server with no JSON mode either: refuses any {@code response_format} but {@code text}. */
    NO_JSON_MODE,
    /**
     * A reasoning model (o-series, gpt-5): refuses {@code temperature} and {@code max_tokens}, wants
     * {@code max_completion_tokens}.
     */
    REASONING_MODEL,
    /** A server that cannot stream: refuses {@code "stream": true}. */
    NO_STREAMING;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param quirks the quirks in force
     * @param request the request body
     * @return the error body of the refusal, or empty when the request is accepted
     */
    static Optional<String> refusal(Set<ServerQuirk> quirks, JsonNode request) {
        String format = request.path("response_format").path("type").asText("text");
        if (quirks.contains(REASONING_MODEL) && request.has("temperature")) {
            return Optional.of(error("Unsupported parameter: 'temperature' is not supported with this model.",
                    "temperature", "unsupported_parameter"));
        }
        if (quirks.contains(REASONING_MODEL) && request.has("max_tokens")) {
            return Optional.of(error("Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                    + "'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter"));
        }
        if ((quirks.contains(NO_JSON_SCHEMA) || quirks.contains(NO_JSON_MODE)) && format.equals("json_schema")) {
            return Optional.of(error("response_format of type 'json_schema' is not supported by this server",
                    "response_format", null));
        }
        if (quirks.contains(NO_JSON_MODE) && format.equals("json_object")) {
            return Optional.of(error("response_format of type 'json_object' is not supported by this server",
                    "response_format", null));
        }
        if (quirks.contains(NO_STREAMING) && request.path("stream").asBoolean(false)) {
            return Optional.of(error("stream is not supported", "stream", null));
        }
        return Optional.empty();
    }

    private static String error(String message, String param, String code) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", "invalid_request_error");
        error.put("param", param);
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return root.toString();
    }
}
