package io.secai.api;

import java.util.Objects;

/**
 * Model tokens spent.
 *
 * @since 1.0
 */
public final class TokenUsage {

    /** Nothing spent. */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    private final long calls;
    private final long promptTokens;
    private final long completionTokens;

    private TokenUsage(long calls, long promptTokens, long completionTokens) {
        this.calls = calls;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
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
        return new TokenUsage(calls, promptTokens, completionTokens);
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
                completionTokens + other.completionTokens);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenUsage that && calls == that.calls && promptTokens == that.promptTokens
                && completionTokens == that.completionTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(calls, promptTokens, completionTokens);
    }

    @Override
    public String toString() {
        return "TokenUsage[calls=" + calls + ", promptTokens=" + promptTokens + ", completionTokens="
                + completionTokens + "]";
    }
}
