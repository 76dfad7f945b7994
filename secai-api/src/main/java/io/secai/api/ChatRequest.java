package io.secai.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A request to the model: created with {@link #of} and refined with the {@code with...} methods, each returning a
 * copy.
 *
 * @since 1.0
 */
public final class ChatRequest {

    private final String purpose;
    private final List<ChatMessage> messages;
    private final Optional<JsonSchema> responseSchema;
    private final OptionalDouble temperature;
    private final OptionalInt maxTokens;

    private ChatRequest(String purpose, List<ChatMessage> messages, Optional<JsonSchema> responseSchema,
                        OptionalDouble temperature, OptionalInt maxTokens) {
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.messages = List.copyOf(messages);
        if (this.messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        this.responseSchema = Objects.requireNonNull(responseSchema, "responseSchema");
        this.temperature = Objects.requireNonNull(temperature, "temperature");
        this.maxTokens = Objects.requireNonNull(maxTokens, "maxTokens");
    }

    /**
     * Creates a request with the configured temperature and limit and free-text output.
     *
     * @param purpose a short label for usage accounting and the audit log (for example {@code plan}, {@code kql})
     * @param messages the conversation, at least one message
     * @return the request
     */
    public static ChatRequest of(String purpose, List<ChatMessage> messages) {
        return new ChatRequest(purpose, messages, Optional.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    /**
     * Copies this request asking for structured output.
     *
     * @param schema the JSON schema the answer must follow
     * @return the copy
     */
    public ChatRequest withSchema(JsonSchema schema) {
        return new ChatRequest(purpose, messages, Optional.of(schema), temperature, maxTokens);
    }

    /**
     * Copies this request with another sampling temperature.
     *
     * @param value the sampling temperature
     * @return the copy
     */
    public ChatRequest withTemperature(double value) {
        return new ChatRequest(purpose, messages, responseSchema, OptionalDouble.of(value), maxTokens);
    }

    /**
     * Copies this request with another completion limit.
     *
     * @param value the completion limit
     * @return the copy
     */
    public ChatRequest withMaxTokens(int value) {
        return new ChatRequest(purpose, messages, responseSchema, temperature, OptionalInt.of(value));
    }

    /**
     * Gives the label for usage accounting and the audit log.
     *
     * @return the purpose
     */
    public String purpose() {
        return purpose;
    }

    /**
     * Gives the conversation.
     *
     * @return the messages, at least one
     */
    public List<ChatMessage> messages() {
        return messages;
    }

    /**
     * Gives the schema the answer must follow.
     *
     * @return the schema, or empty for free text
     */
    public Optional<JsonSchema> responseSchema() {
        return responseSchema;
    }

    /**
     * Gives the temperature that overrides the configured one.
     *
     * @return the temperature, or empty
     */
    public OptionalDouble temperature() {
        return temperature;
    }

    /**
     * Gives the completion limit that overrides the configured one.
     *
     * @return the limit, or empty
     */
    public OptionalInt maxTokens() {
        return maxTokens;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatRequest that && purpose.equals(that.purpose) && messages.equals(that.messages)
                && responseSchema.equals(that.responseSchema) && temperature.equals(that.temperature)
                && maxTokens.equals(that.maxTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(purpose, messages, responseSchema, temperature, maxTokens);
    }

    @Override
    public String toString() {
        return "ChatRequest[purpose=" + purpose + ", messages=" + messages + ", responseSchema=" + responseSchema
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + "]";
    }
}
