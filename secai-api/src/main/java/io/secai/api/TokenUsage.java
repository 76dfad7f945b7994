package io.secai.api;

/**
 * Model tokens spent.
 *
 * @param calls how many model calls
 * @param promptTokens tokens sent
 * @param completionTokens tokens received
 */
public record TokenUsage(long calls, long promptTokens, long completionTokens) {

    /** Nothing spent. */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    /** @return prompt plus completion tokens */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** @param other more usage @return the sum */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(calls + other.calls, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens);
    }
}
