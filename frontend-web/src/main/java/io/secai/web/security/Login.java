package io.secai.web.security;

import java.time.Instant;
import java.util.Objects;

/**
 * A browser that presented the access token.
 *
 * @param owner the owner its sessions are filed under, derived from its {@link BrowserId}; never the token
 * @param csrfToken the synchronizer token its state-changing requests must carry in {@code X-CSRF-Token}
 * @param created when it logged in
 */
public record Login(String owner, String csrfToken, Instant created) {
    public Login {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(created, "created");
    }

    @Override
    public String toString() {
        return "Login[owner=" + owner + ", created=" + created + "]";
    }
}
