package io.secai.web.security;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Locale;
import java.util.Map;

/**
 * Trading the access token for a session cookie, and back.
 */
public final class LoginRoutes {

    private final AccessToken token;
    private final Logins logins;
    private final boolean tls;

    /**
     * @param token the access token
     * @param logins the logged-in browsers
     * @param tls whether the cookie must be marked Secure
     */
    public LoginRoutes(AccessToken token, Logins logins, boolean tls) {
        this.token = token;
        this.logins = logins;
        this.tls = tls;
    }

    /**
     * {@code POST /login} with the form field {@code token}: on success sets the session cookie and sends the
     * browser to the chat page; else back to the login page with a flag it shows as a message.
     *
     * @param ctx the request
     */
    public void login(Context ctx) {
        if (!token.matches(ctx.formParam("token"))) {
            ctx.status(HttpStatus.SEE_OTHER).header("Location", "/login?failed=1");
            return;
        }
        logins.remove(ctx.cookie(RequestGuard.SESSION_COOKIE));
        Logins.Issued issued = logins.create();
        ctx.header("Set-Cookie", cookie(issued.cookie(), logins.lifetime().toSeconds()));
        ctx.status(HttpStatus.SEE_OTHER).header("Location", "/");
    }

    /**
     * {@code POST /logout}: forgets the login and clears the cookie.
     *
     * @param ctx the request
     */
    public void logout(Context ctx) {
        logins.remove(ctx.cookie(RequestGuard.SESSION_COOKIE));
        ctx.header("Set-Cookie", cookie("", 0));
        ctx.json(Map.of("loggedOut", true));
    }

    /**
     * {@code GET /api/me}: what the page needs to act: the CSRF token for its state-changing calls. Other sites
     * cannot read it: there is no CORS, and the cookie is SameSite=Strict.
     *
     * @param ctx the request
     */
    public void me(Context ctx) {
        Principal principal = RequestGuard.principal(ctx);
        ctx.json(Map.of("via", principal.via().name().toLowerCase(Locale.ROOT),
                "csrfToken", principal.csrfToken().orElse("")));
    }

    private String cookie(String value, long maxAgeSeconds) {
        return RequestGuard.SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "");
    }
}
