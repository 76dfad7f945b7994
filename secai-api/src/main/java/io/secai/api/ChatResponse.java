package io.secai.api;

import java.util.Objects;

/**
 * The model's answer.
 *
 * @param content the text (JSON text when a schema was requested)
 * @param usage tokens spent by this call
 * @param finishReason why the model stopped ({@code stop}, {@code length}, ...)
 */
public record ChatResponse(String content, TokenUsage usage, String finishReason) {
    public ChatResponse {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(finishReason, "finishReason");
    }
}
