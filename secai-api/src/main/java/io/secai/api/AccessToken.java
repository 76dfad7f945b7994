package io.secai.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token and its expiry. {@link #toString()} never shows the token.
 *
 * @param token the secret value
 * @param expiresAt when it stops being valid
 */
public record AccessToken(String token, Instant expiresAt) {
    public AccessToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + ", token=***]";
    }
}
