package io.secai.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.secai.engine.Engine;
import io.secai.web.api.ApiRoutes;
import io.secai.web.api.PromptbookRoutes;
import io.secai.web.events.EventStream;
import io.secai.web.events.Runs;
import io.secai.web.mcp.McpEndpoint;
import io.secai.web.pages.Assets;
import io.secai.web.render.MarkdownRenderer;
import io.secai.web.render.Views;
import io.secai.web.security.AccessToken;
import io.secai.web.security.HostNames;
import io.secai.web.security.LoginRoutes;
import io.secai.web.security.Logins;
import io.secai.web.security.IgnoreMethodOverride;
import io.secai.web.security.LoginThrottle;
import io.secai.web.security.RedactingJsonMapper;
import io.secai.web.security.RequestGuard;
import io.secai.web.security.SecureErrorPages;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SecAI's web frontend: a chat page and a JSON API over an {@link Engine}, served by an embedded Javalin.
 *
 * <pre>{@code
 * try (WebServer server = WebServer.start(engine, WebSettings.from(engine.settings()))) {
 *     System.out.println("Open " + server.url() + " and log in with " + server.token());
 *     ...
 * }
 * }</pre>
 *
 * <p>Secure by default: binds {@code 127.0.0.1}; every page and API call needs the access token, either through the
 * login page (which sets an HttpOnly, SameSite=Strict session cookie; state-changing requests then need the
 * {@code X-CSRF-Token} header from {@code GET /api/me}) or as {@code Authorization: Bearer <token>}. Each browser
 * login is its own owner and sees only its own sessions; all bearer requests act as the one owner {@code "api"}.
 * Requests naming another host (DNS rebinding) or coming from another origin are refused.
 *
 * <p>The API: {@code GET /api/sessions}, {@code POST /api/sessions}, {@code GET /api/sessions/{id}} (transcript),
 * {@code DELETE /api/sessions/{id}}, {@code POST /api/sessions/{id}/clear}, {@code POST /api/sessions/{id}/prompts}
 * with {@code {"prompt": "..."}} (answers 202 with a run id), {@code GET /api/runs/{id}/events} (Server-Sent
 * Events, replayed from the start, ending with an {@code outcome} event), {@code POST /api/runs/{id}/cancel},
 * {@code GET /api/plugins}, {@code GET /api/notices}, {@code GET /api/me}, {@code GET /api/promptbooks},
 * {@code GET} and {@code POST /api/sessions/{id}/privacy} ({@code {"anonymize": true}}: the session's anonymization) and
 * {@code POST /api/sessions/{id}/promptbooks} with {@code {"name": "...", "inputs": {...}}} (a promptbook run: each
 * step's events between {@code step-started} and {@code step-finished}, then one {@code outcome}). {@code /mcp} serves the MCP tools over
 * Streamable HTTP to bearer-token callers only.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final Duration LOGIN_LIFETIME = Duration.ofHours(12);
    private static final int MAX_LOGINS = 1000;
    private static final Duration RUN_RETENTION = Duration.ofMinutes(30);

    private final Javalin app;
    private final WebSettings settings;
    private final AccessToken token;
    private final McpEndpoint mcp;
    private final List<String> warnings;

    private WebServer(Javalin app, WebSettings settings, AccessToken token, McpEndpoint mcp, List<String> warnings) {
        this.app = app;
        this.settings = settings;
        this.token = token;
        this.mcp = mcp;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Starts serving.
     *
     * @param engine the engine to serve; the caller keeps ownership and closes it after the server
     * @param settings where to listen and the token
     * @return the running server
     * @throws IllegalArgumentException when the TLS keystore does not exist, the configured token is too weak, or
     *         the address is reachable from other machines over plain HTTP without {@code insecureNetwork}
     */
    public static WebServer start(Engine engine, WebSettings settings) {
        return start(engine, settings, Clock.systemUTC());
    }

    /** As {@link #start(Engine, WebSettings)}, on a given clock (logins' lifetimes, login lockouts). */
    static WebServer start(Engine engine, WebSettings settings, Clock clock) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(settings, "settings");
        List<String> warnings = NetworkExposure.check(settings);
        settings.tlsKeystore().ifPresent(path -> {
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("web.tls.keystore " + path + " does not exist or is not readable");
            }
        });
        SecureRandom random = new SecureRandom();
        AccessToken token = AccessToken.configuredOrGenerated(settings.token(), random);
        ObjectMapper json = new ObjectMapper();
        Views views = new Views(new MarkdownRenderer());
        Logins logins = new Logins(random, clock, LOGIN_LIFETIME, MAX_LOGINS);
        LoginThrottle throttle = new LoginThrottle(settings.login(), clock);
        Runs runs = new Runs(engine, json, views, random, clock, RUN_RETENTION);
        ApiRoutes api = new ApiRoutes(engine, runs, views, json);
        PromptbookRoutes promptbooks = new PromptbookRoutes(engine, runs, json);
        LoginRoutes login = new LoginRoutes(token, logins, random, settings.tls(), throttle);
        Assets assets = Assets.load();
        AtomicInteger boundPort = new AtomicInteger(settings.port());
        McpEndpoint mcp = new McpEndpoint(engine);
        RequestGuard guard = new RequestGuard(HostNames.forBindAddress(settings.host()), token, logins,
                settings.tls(), boundPort::get, throttle);

        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new RedactingJsonMapper(new JavalinJackson(json, false), engine.redactor()));
            config.jetty.modifyServer(server -> server.setErrorHandler(new SecureErrorPages()));
            config.jetty.modifyServletContextHandler(context -> context.addFilter(IgnoreMethodOverride.class, "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            config.http.maxRequestSize = 1_000_000;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            if (settings.tls()) {
                config.jetty.addConnector((server, httpConfig) -> {
                    SslContextFactory.Server tls = new SslContextFactory.Server();
                    tls.setKeyStorePath(settings.tlsKeystore().orElseThrow().toString());
                    settings.tlsPassword().ifPresent(tls::setKeyStorePassword);
                    httpConfig.addCustomizer(new SecureRequestCustomizer());
                    ServerConnector connector = new ServerConnector(server,
                            new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(httpConfig));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    return connector;
                });
            }
            config.routes.before(guard);
            config.routes.get("/", ctx -> assets.serve(ctx, "index.html"));
            config.routes.get("/login", ctx -> assets.serve(ctx, "login.html"));
            config.routes.post("/login", login::login);
            config.routes.post("/logout", login::logout);
            config.routes.get("/favicon.ico", ctx -> ctx.status(HttpStatus.NO_CONTENT));
            config.routes.get("/assets/{name}", ctx -> assets.serve(ctx, ctx.pathParam("name")));
            config.routes.get("/api/me", login::me);
            config.routes.get("/api/sessions", api::listSessions);
            config.routes.post("/api/sessions", api::createSession);
            config.routes.get("/api/sessions/{id}", api::transcript);
            config.routes.delete("/api/sessions/{id}", api::deleteSession);
            config.routes.post("/api/sessions/{id}/clear", api::clearSession);
            config.routes.post("/api/sessions/{id}/prompts", api::submitPrompt);
            config.routes.get("/api/sessions/{id}/privacy", api::privacy);
            config.routes.post("/api/sessions/{id}/privacy", api::setPrivacy);
            config.routes.get("/api/promptbooks", promptbooks::list);
            config.routes.post("/api/sessions/{id}/promptbooks", promptbooks::run);
            config.routes.get("/api/runs/{id}/events", new EventStream(runs));
            config.routes.post("/api/runs/{id}/cancel", api::cancelRun);
            config.routes.get("/api/plugins", api::plugins);
            config.routes.get("/api/notices", api::notices);
            config.routes.get(McpEndpoint.PATH, mcp);
            config.routes.post(McpEndpoint.PATH, mcp);
            config.routes.delete(McpEndpoint.PATH, mcp);
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                        .json(Map.of("error", "The server failed to answer: " + e.getMessage()));
            });
        });
        app.start();
        boundPort.set(app.port());
        WebServer server = new WebServer(app, settings, token, mcp, warnings);
        warnings.forEach(LOG::warn);
        LOG.info("SecAI web listening on {}", server.url());
        return server;
    }

    /** @return the port actually bound */
    public int port() {
        return app.port();
    }

    /**
     * The address actually bound, as a URL: the wildcard address when the server listens on all of them, so the
     * start line never suggests a narrower exposure than the real one.
     *
     * @return the page's address, without the token
     */
    public String url() {
        String host = Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(ServerConnector.class::isInstance)
                .map(connector -> ((ServerConnector) connector).getTransport())
                .filter(ServerSocketChannel.class::isInstance)
                .map(channel -> localAddress((ServerSocketChannel) channel, settings.host().contains(":")))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(settings.host());
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (settings.tls() ? "https" : "http") + "://" + host + ":" + port() + "/";
    }

    /**
     * What an operator must know on every start, such as plain HTTP on a network address.
     *
     * @return the warnings, empty when there are none
     */
    public List<String> warnings() {
        return warnings;
    }

    private static Optional<String> localAddress(ServerSocketChannel channel, boolean wildcardV6) {
        try {
            if (!(channel.getLocalAddress() instanceof InetSocketAddress bound)) {
                return Optional.empty();
            }
            // The JDK reports a wildcard socket as "::" even when "0.0.0.0" was asked for; either way it listens
            // on every address, which is what the start line must say.
            return Optional.of(bound.getAddress().isAnyLocalAddress() ? (wildcardV6 ? "::" : "0.0.0.0")
                    : bound.getAddress().getHostAddress().replaceFirst("%.*$", ""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return the access token, configured or generated; show it to the operator once, never log it */
    public String token() {
        return token.reveal();
    }

    /** Stops serving; running prompts go on in the engine. */
    @Override
    public void close() {
        // Javalin 7 has no close(): stop() is how its application releases Jetty and its threads.
        try {
            mcp.close();
        } finally {
            app.stop();
        }
    }
}
