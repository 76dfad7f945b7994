package io.secai.api;

import java.util.Objects;

/**
 * The model's answer.
 *
 * @since 1.0
 */
public final class ChatResponse {

    private final String content;
    private final TokenUsage usage;
    private final String finishReason;

    private ChatResponse(String content, TokenUsage usage, String finishReason) {
        this.content = Objects.requireNonNull(content, "content");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
    }

    /**
     * Creates an answer.
     *
     * @param content the text (JSON text when a schema was requested)
     * @param usage tokens spent by this call
     * @param finishReason why the model stopped ({@code stop}, {@code length}, ...)
     * @return the answer
     */
    public static ChatResponse of(String content, TokenUsage usage, String finishReason) {
        return new ChatResponse(content, usage, finishReason);
    }

    /**
     * Gives the text (JSON text when a schema was requested).
     *
     * @return the content
     */
    public String content() {
        return content;
    }

    /**
     * Gives the tokens spent by this call.
     *
     * @return the usage
     */
    public TokenUsage usage() {
        return usage;
    }

    /**
     * Tells why the model stopped ({@code stop}, {@code length}, ...).
     *
     * @return the reason
     */
    public String finishReason() {
        return finishReason;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatResponse that && content.equals(that.content) && usage.equals(that.usage)
                && finishReason.equals(that.finishReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(content, usage, finishReason);
    }

    @Override
    public String toString() {
        return "ChatResponse[content=" + content + ", usage=" + usage + ", finishReason=" + finishReason + "]";
    }
}
