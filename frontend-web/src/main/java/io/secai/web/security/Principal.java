package io.secai.web.security;

import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request, as the guard established it.
 *
 * @param owner whose sessions the request may see
 * @param via how the request proved it holds the token
 * @param csrfToken the token state-changing requests of a cookie login must echo; empty for bearer requests
 */
public record Principal(String owner, Via via, Optional<String> csrfToken) {

    /** The owner every {@code Authorization: Bearer} request acts as: scripts share one set of sessions. */
    public static final String API_OWNER = "api";

    /** How the token was shown. */
    public enum Via {
        /** The session cookie a login set. */
        COOKIE,
        /** An {@code Authorization: Bearer} header. */
        BEARER
    }

    public Principal {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    @Override
    public String toString() {
        return "Principal[owner=" + owner + ", via=" + via + "]";
    }
}
