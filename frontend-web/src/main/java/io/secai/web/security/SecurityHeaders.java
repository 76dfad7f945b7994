package io.secai.web.security;

import io.javalin.http.Context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Every header and its value, in the order sent. */
    public static final Map<String, String> HEADERS = headers();

    /** @param ctx the response to decorate */
    public static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        // Not "no-referrer": under it browsers send "Origin: null" on the page's own form posts and fetches, and the
        // origin check needs the real origin. "same-origin" still never tells another site where the user came from.
        headers.put("Referrer-Policy", REFERRER_POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        // Answers hold session data and tokens: no cache, shared or private, may keep them.
        headers.put("Cache-Control", "no-store");
        return Collections.unmodifiableMap(headers);
    }
}
