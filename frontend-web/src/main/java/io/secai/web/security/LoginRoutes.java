package io.secai.web.security;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.HttpStatus;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;

/**
 * Trading the access token for a session cookie, and back.
 */
public final class LoginRoutes {

    private final AccessToken token;
    private final Logins logins;
    private final SecureRandom random;
    private final boolean tls;
    private final LoginThrottle throttle;

    /**
     * @param token the access token
     * @param logins the logged-in browsers
     * @param random the source of new browser ids
     * @param tls whether the cookies must be marked Secure
     * @param throttle slows down clients that send wrong tokens
     */
    public LoginRoutes(AccessToken token, Logins logins, SecureRandom random, boolean tls, LoginThrottle throttle) {
        this.throttle = throttle;
        this.token = token;
        this.logins = logins;
        this.random = random;
        this.tls = tls;
    }

    /**
     * {@code POST /login} with the form field {@code token}: on success sets the session cookie, keeps (or mints,
     * when absent or malformed) the browser id cookie whose owner the login acts as, and sends the browser to the
     * chat page; else back to the login page with a flag it shows as a message.
     *
     * @param ctx the request
     */
    public void login(Context ctx) {
        if (RequestGuard.tooManyFailures(ctx, throttle)) {
            return;
        }
        accept(ctx, ctx.formParam("token"));
    }

    /**
     * {@code GET /login?token=...}: the login link printed at start (as Jupyter's). The token is traded for the
     * same cookies as the form's, then the browser is sent on to a page whose address holds no token, so that it
     * stays out of the history, bookmarks and any Referer ({@code Referrer-Policy: no-referrer} on this answer
     * too). Only a navigation the user started (typed, or opened from the terminal: {@code Sec-Fetch-Site: none})
     * or one from this site is accepted: another site cannot log the browser in with its own token, nor spend the
     * address's wrong-token budget through links.
     *
     * @param ctx the request
     */
    public void loginLink(Context ctx) {
        ctx.header("Referrer-Policy", "no-referrer");
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("none") && !site.equals("same-origin")) {
            ctx.status(HttpStatus.SEE_OTHER).header("Location", "/login");
            return;
        }
        if (RequestGuard.tooManyFailures(ctx, throttle)) {
            return;
        }
        accept(ctx, ctx.queryParam("token"));
    }

    private void accept(Context ctx, String presented) {
        if (!token.matches(presented)) {
            throttle.failed(ctx.ip());
            ctx.status(HttpStatus.SEE_OTHER).header("Location", "/login?failed=1");
            return;
        }
        throttle.succeeded(ctx.ip());
        logins.remove(ctx.cookie(RequestGuard.SESSION_COOKIE));
        BrowserId browser = BrowserId.parse(ctx.cookie(BrowserId.COOKIE)).orElseGet(() -> BrowserId.mint(random));
        Logins.Issued issued = logins.create(browser.owner());
        ctx.cookie(cookie(RequestGuard.SESSION_COOKIE, issued.cookie(), logins.lifetime().toSeconds()));
        ctx.cookie(cookie(BrowserId.COOKIE, browser.value(), BrowserId.LIFETIME.toSeconds()));
        ctx.status(HttpStatus.SEE_OTHER).header("Location", "/");
    }

    /**
     * {@code POST /logout}: forgets the login and clears its cookie. The browser id stays, so that logging in again
     * finds the same sessions.
     *
     * @param ctx the request
     */
    public void logout(Context ctx) {
        logins.remove(ctx.cookie(RequestGuard.SESSION_COOKIE));
        ctx.cookie(cookie(RequestGuard.SESSION_COOKIE, "", 0));
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

    /** Every cookie SecAI sets: the whole site, script-proof, never sent by other sites, Secure under TLS. */
    private Cookie cookie(String name, String value, long maxAgeSeconds) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath("/");
        cookie.setMaxAge(Math.toIntExact(maxAgeSeconds));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setSecure(tls);
        return cookie;
    }
}
