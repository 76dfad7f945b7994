package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One chat-completions request as {@link FakeOpenAi} received it, parsed from the wire.
 *
 * @param number the call's position among all calls the fake received, from 1
 * @param deployment the deployment named in the path ({@code /openai/deployments/{deployment}/chat/completions}), or
 *     on the OpenAI-style path ({@code /v1/chat/completions}) the {@code model} of the body
 * @param apiVersion the {@code api-version} query parameter, empty when absent
 * @param headers the request headers, names in lower case
 * @param messages the conversation, in order
 * @param stream whether the client asked for server-sent events
 * @param includeUsage whether {@code stream_options.include_usage} was set
 * @param responseFormat the {@code response_format.type} ({@code text}, {@code json_object}, {@code json_schema}),
 *     empty when absent
 * @param schemaName the {@code response_format.json_schema.name}, empty when no schema was sent
 * @param schema the {@code response_format.json_schema.schema} as JSON text, empty when no schema was sent
 * @param temperature the requested temperature, empty when absent
 * @param maxTokens the requested {@code max_tokens}, empty when absent
 * @param body the raw request body
 */
public record ChatCall(
        int number,
        String deployment,
        String apiVersion,
        Map<String, List<String>> headers,
        List<Message> messages,
        boolean stream,
        boolean includeUsage,
        Optional<String> responseFormat,
        Optional<String> schemaName,
        Optional<String> schema,
        OptionalDouble temperature,
        OptionalInt maxTokens,
        String body) {

    public ChatCall {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(apiVersion, "apiVersion");
        headers = Map.copyOf(headers);
        messages = List.copyOf(messages);
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(body, "body");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One message of the request.
     *
     * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
     * @param content the text (the text parts joined when the client sent an array of parts)
     */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * @param name a header name, any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the {@code api-key} header, when the client authenticated with a key */
    public Optional<String> apiKey() {
        return header("api-key");
    }

    /** @return the bearer token of the {@code Authorization} header, when the client sent one */
    public Optional<String> bearerToken() {
        return header("authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim());
    }

    /** @return the content of the system messages joined by blank lines, empty text when there is none */
    public String systemText() {
        return String.join("\n\n", messages.stream().filter(m -> m.role().equals("system")).map(Message::content)
                .toList());
    }

    /** @return the content of the last user message, empty text when there is none */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role().equals("user")) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /**
     * @return the {@code max_completion_tokens} the client sent (reasoning models want it instead of
     *     {@code max_tokens}), empty when absent
     * @since 1.1
     */
    public OptionalInt maxCompletionTokens() {
        JsonNode value = bodyJson().path("max_completion_tokens");
        return value.isNumber() ? OptionalInt.of(value.asInt()) : OptionalInt.empty();
    }

    /**
     * @return the {@code reasoning_effort} the client sent, empty when absent
     * @since 1.1
     */
    public Optional<String> reasoningEffort() {
        JsonNode value = bodyJson().path("reasoning_effort");
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private JsonNode bodyJson() {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** @return every message's content joined by blank lines, to search the whole prompt */
    public String allText() {
        return String.join("\n\n", messages.stream().map(Message::content).toList());
    }
}
