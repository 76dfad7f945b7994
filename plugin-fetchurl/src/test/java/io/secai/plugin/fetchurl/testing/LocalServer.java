package io.secai.plugin.fetchurl.testing;

import com.sun.net.httpserver.HttpHandler;
import io.secai.testkit.http.LoopbackServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web server on 127.0.0.1 that records what it was asked, for fetch tests that must not touch the internet: the
 * test kit's {@link LoopbackServer} plus a count of requests and their {@code User-Agent}s.
 */
public final class LocalServer implements AutoCloseable {

    private final LoopbackServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();

    private LocalServer(LoopbackServer server) {
        this.server = server;
    }

    /** @return a plain HTTP server on a free loopback port */
    public static LocalServer http() {
        return new LocalServer(LoopbackServer.http("fetchurl-test-http"));
    }

    /** @return an HTTPS server with the test kit's certificate on a free loopback port */
    public static LocalServer https() {
        return new LocalServer(LoopbackServer.https("fetchurl-test-https"));
    }

    /** @param path the path @param handler what answers it @return this server */
    public LocalServer on(String path, HttpHandler handler) {
        server.on(path, exchange -> {
            requests.incrementAndGet();
            userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            handler.handle(exchange);
        });
        return this;
    }

    /** @param path the path @param contentType the type @param body the text @return this server */
    public LocalServer page(String path, String contentType, String body) {
        return on(path, exchange -> LoopbackServer.send(exchange, 200, contentType,
                body.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    /** @param from the path @param location where it redirects @return this server */
    public LocalServer redirect(String from, String location) {
        return on(from, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
    }

    /** @return the port */
    public int port() {
        return server.port();
    }

    /** @param path a path @return the URL of the path on 127.0.0.1 */
    public String url(String path) {
        return server.url(path);
    }

    /** @return how many requests arrived */
    public int requests() {
        return requests.get();
    }

    /** @return the User-Agent of every request */
    public List<String> userAgents() {
        return List.copyOf(userAgents);
    }

    @Override
    public void close() {
        server.close();
    }
}
