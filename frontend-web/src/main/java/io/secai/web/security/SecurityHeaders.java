package io.secai.web.security;

import io.javalin.http.Context;

/** The headers every response carries. */
public final class SecurityHeaders {

    /** Only our own scripts, styles and connections; no plugins, no framing, no base rewriting. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /** Referrers only to ourselves. */
    public static final String REFERRER_POLICY = "same-origin";

    private SecurityHeaders() {
    }

    /** @param ctx the response to decorate */
    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        // Not "no-referrer": under it browsers send "Origin: null" on the page's own form posts and fetches, and the
        // origin check needs the real origin. "same-origin" still never tells another site where the user came from.
        ctx.header("Referrer-Policy", REFERRER_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        // Answers hold session data and tokens: no cache, shared or private, may keep them.
        ctx.header("Cache-Control", "no-store");
    }
}
