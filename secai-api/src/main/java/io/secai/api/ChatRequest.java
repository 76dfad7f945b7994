package io.secai.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A request to the model.
 *
 * @param purpose a short label for usage accounting and the audit log (for example {@code plan}, {@code kql})
 * @param messages the conversation
 * @param responseSchema when present, the model must answer with JSON matching it
 * @param temperature overrides the configured temperature
 * @param maxTokens overrides the configured completion limit
 */
public record ChatRequest(
        String purpose,
        List<ChatMessage> messages,
        Optional<JsonSchema> responseSchema,
        OptionalDouble temperature,
        OptionalInt maxTokens) {

    public ChatRequest {
        Objects.requireNonNull(purpose, "purpose");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        Objects.requireNonNull(responseSchema, "responseSchema");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
    }

    /**
     * A request with the configured temperature and limit and free-text output.
     *
     * @param purpose the label
     * @param messages the conversation
     * @return the request
     */
    public static ChatRequest of(String purpose, List<ChatMessage> messages) {
        return new ChatRequest(purpose, messages, Optional.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    /**
     * @param schema the JSON schema the answer must follow
     * @return a copy asking for structured output
     */
    public ChatRequest withSchema(JsonSchema schema) {
        return new ChatRequest(purpose, messages, Optional.of(schema), temperature, maxTokens);
    }

    /**
     * @param value the sampling temperature
     * @return a copy with that temperature
     */
    public ChatRequest withTemperature(double value) {
        return new ChatRequest(purpose, messages, responseSchema, OptionalDouble.of(value), maxTokens);
    }

    /**
     * @param value the completion limit
     * @return a copy with that limit
     */
    public ChatRequest withMaxTokens(int value) {
        return new ChatRequest(purpose, messages, responseSchema, temperature, OptionalInt.of(value));
    }
}
