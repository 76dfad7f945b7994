package io.secai.api;

import java.util.Objects;

/**
 * Model tokens spent.
 *
 * @since 1.0
 */
public final class TokenUsage {

    /** Nothing spent. */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    private final long calls;
    private final long promptTokens;
    private final long completionTokens;
    private final long cachedPromptTokens;

    private TokenUsage(long calls, long promptTokens, long completionTokens, long cachedPromptTokens) {
        this.calls = calls;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.cachedPromptTokens = cachedPromptTokens;
    }

    /**
     * Creates a usage figure.
     *
     * @param calls how many model calls
     * @param promptTokens tokens sent
     * @param completionTokens tokens received
     * @return the usage
     */
    public static TokenUsage of(long calls, long promptTokens, long completionTokens) {
        return new TokenUsage(calls, promptTokens, completionTokens, 0);
    }

    /**
     * Creates a usage figure that says how many of the prompt tokens the service served from its prompt cache.
     *
     * @param calls how many model calls
     * @param promptTokens tokens sent, cached ones included
     * @param completionTokens tokens received
     * @param cachedPromptTokens of the prompt tokens, those the service read from its cache (OpenAI's and Azure
     *     OpenAI's {@code usage.prompt_tokens_details.cached_tokens}); 0 when none or not reported
     * @return the usage
     * @since 1.1
     */
    public static TokenUsage of(long calls, long promptTokens, long completionTokens, long cachedPromptTokens) {
        return new TokenUsage(calls, promptTokens, completionTokens, cachedPromptTokens);
    }

    /**
     * Gives how many model calls were made.
     *
     * @return the number of calls
     */
    public long calls() {
        return calls;
    }

    /**
     * Gives the tokens sent.
     *
     * @return the prompt tokens
     */
    public long promptTokens() {
        return promptTokens;
    }

    /**
     * Gives the tokens received.
     *
     * @return the completion tokens
     */
    public long completionTokens() {
        return completionTokens;
    }

    /**
     * Gives the prompt tokens the service served from its prompt cache (billed at a discount, and faster).
     *
     * @return the cached prompt tokens, part of {@link #promptTokens()}; 0 when none or not reported
     * @since 1.1
     */
    public long cachedPromptTokens() {
        return cachedPromptTokens;
    }

    /**
     * Adds prompt and completion tokens.
     *
     * @return the total
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Adds another usage to this one.
     *
     * @param other more usage
     * @return the sum
     */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(calls + other.calls, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, cachedPromptTokens + other.cachedPromptTokens);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenUsage that && calls == that.calls && promptTokens == that.promptTokens
                && completionTokens == that.completionTokens && cachedPromptTokens == that.cachedPromptTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(calls, promptTokens, completionTokens, cachedPromptTokens);
    }

    @Override
    public String toString() {
        return "TokenUsage[calls=" + calls + ", promptTokens=" + promptTokens + ", completionTokens="
                + completionTokens + (cachedPromptTokens > 0 ? ", cachedPromptTokens=" + cachedPromptTokens : "")
                + "]";
    }
}
