package io.secai.web.security;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Runs before every handler: sets the security headers, refuses foreign {@code Host} and {@code Origin} headers,
 * establishes the {@link Principal} from a bearer token or the session cookie, and demands the CSRF token on every
 * state-changing request that relies on the cookie.
 */
public final class RequestGuard implements Handler {

    /** The name of the session cookie. */
    public static final String SESSION_COOKIE = "secai_session";

    /** The header the page's state-changing requests carry the CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final String PRINCIPAL_ATTRIBUTE = "secai.principal";
    private static final String MCP_PATH = "/mcp";
    private static final Set<String> PUBLIC_PATHS = Set.of("/login", "/assets/login.js", "/assets/style.css",
            "/favicon.ico");
    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD,
            HandlerType.OPTIONS);

    private final HostNames hostNames;
    private final AccessToken token;
    private final Logins logins;
    private final String scheme;
    private final IntSupplier port;
    private final LoginThrottle throttle;

    /**
     * @param hostNames the names this server answers to
     * @param token the access token
     * @param logins the logged-in browsers
     * @param tls whether the server speaks HTTPS
     * @param port the port actually bound, known once the server started
     * @param throttle slows down clients that send wrong tokens
     */
    public RequestGuard(HostNames hostNames, AccessToken token, Logins logins, boolean tls, IntSupplier port,
                        LoginThrottle throttle) {
        this.throttle = throttle;
        this.hostNames = hostNames;
        this.token = token;
        this.logins = logins;
        this.scheme = tls ? "https" : "http";
        this.port = port;
    }

    /**
     * The principal the guard established for this request.
     *
     * @param ctx a request that passed the guard
     * @return the principal
     */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL_ATTRIBUTE);
        if (principal == null) {
            throw new IllegalStateException("no principal on " + ctx.path() + ": the request guard did not run");
        }
        return principal;
    }

    @Override
    public void handle(Context ctx) {
        SecurityHeaders.apply(ctx);
        if (!hostNames.allowsHostHeader(ctx.header("Host"))) {
            refuse(ctx, HttpStatus.MISDIRECTED_REQUEST,
                    "This server answers only to " + String.join(", ", hostNames.names()) + ".");
            return;
        }
        boolean stateChanging = !SAFE_METHODS.contains(ctx.method());
        // MCP's Streamable HTTP asks servers to check Origin on every request, its event stream (GET) included.
        boolean mcp = ctx.path().equals(MCP_PATH);
        if ((stateChanging || mcp) && !originAllowed(ctx.header("Origin"))) {
            refuse(ctx, HttpStatus.FORBIDDEN, "Cross-origin requests are refused.");
            return;
        }
        if (PUBLIC_PATHS.contains(ctx.path())) {
            return;
        }
        if (ctx.header("Authorization") != null && tooManyFailures(ctx, throttle)) {
            return;
        }
        Optional<Principal> principal = authenticate(ctx);
        if (mcp && principal.isPresent() && principal.get().via() != Principal.Via.BEARER) {
            // MCP clients are programs: they send the token, and a browser's cookie never drives the tools.
            principal = Optional.empty();
        }
        if (principal.isEmpty()) {
            if (ctx.path().startsWith("/api/") || mcp) {
                ctx.header("WWW-Authenticate", "Bearer");
                refuse(ctx, HttpStatus.UNAUTHORIZED,
                        "Log in with the access token, or send it as 'Authorization: Bearer <token>'.");
            } else {
                ctx.status(HttpStatus.SEE_OTHER).header("Location", "/login");
                ctx.skipRemainingHandlers();
            }
            return;
        }
        if (stateChanging && principal.get().via() == Principal.Via.COOKIE
                && !csrfMatches(principal.get(), ctx.header(CSRF_HEADER))) {
            refuse(ctx, HttpStatus.FORBIDDEN, "Missing or wrong " + CSRF_HEADER + " header; reload the page.");
            return;
        }
        ctx.attribute(PRINCIPAL_ATTRIBUTE, principal.get());
    }

    private Optional<Principal> authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            // A wrong bearer token fails even when a valid cookie came along: the caller asked to be judged by it.
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && token.matches(authorization.substring(7).strip())) {
                throttle.succeeded(ctx.ip());
                return Optional.of(new Principal(Principal.API_OWNER, Principal.Via.BEARER, Optional.empty()));
            }
            throttle.failed(ctx.ip());
            return Optional.empty();
        }
        return logins.find(ctx.cookie(SESSION_COOKIE))
                .map(login -> new Principal(login.owner(), Principal.Via.COOKIE, Optional.of(login.csrfToken())));
    }

    private static boolean csrfMatches(Principal principal, String presented) {
        return presented != null && principal.csrfToken()
                .map(expected -> AccessToken.constantTimeEquals(expected, presented))
                .orElse(false);
    }

    /**
     * Browsers send {@code Origin} with every cross-site and every same-site non-GET request; scripts usually
     * send none. When present it must be this very server.
     */
    private boolean originAllowed(String origin) {
        if (origin == null) {
            return true;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false;
            }
            int originPort = uri.getPort() >= 0 ? uri.getPort() : (uri.getScheme().equals("https") ? 443 : 80);
            return uri.getScheme().equalsIgnoreCase(scheme) && hostNames.allows(uri.getHost())
                    && originPort == port.getAsInt();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Answers {@code 429} with {@code Retry-After} when the client is locked out for wrong tokens; its token is then
     * not looked at.
     *
     * @param ctx the request
     * @param throttle the failures so far
     * @return whether the request was answered
     */
    static boolean tooManyFailures(Context ctx, LoginThrottle throttle) {
        Optional<java.time.Duration> wait = throttle.lockedOut(ctx.ip());
        if (wait.isEmpty()) {
            return false;
        }
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        ctx.header("Retry-After", Long.toString(seconds));
        refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "Too many wrong access tokens from this address; try again in "
                + seconds + " s.");
        return true;
    }

    private static void refuse(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message));
        ctx.skipRemainingHandlers();
    }
}
