package io.secai.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token and its expiry. {@link #toString()} never shows the token.
 *
 * @since 1.0
 */
public final class AccessToken {

    private final String token;
    private final Instant expiresAt;

    private AccessToken(String token, Instant expiresAt) {
        this.token = Objects.requireNonNull(token, "token");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * Creates a token.
     *
     * @param token the secret value
     * @param expiresAt when it stops being valid
     * @return the token
     */
    public static AccessToken of(String token, Instant expiresAt) {
        return new AccessToken(token, expiresAt);
    }

    /**
     * Gives the secret value.
     *
     * @return the token
     */
    public String token() {
        return token;
    }

    /**
     * Tells when it stops being valid.
     *
     * @return the expiry
     */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessToken that && token.equals(that.token) && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, expiresAt);
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", token=***]";
    }
}
