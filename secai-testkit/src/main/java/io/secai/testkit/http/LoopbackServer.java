package io.secai.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.secai.testkit.tls.TestTls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@code HttpServer} on {@code 127.0.0.1} at a free port, for fakes of web services in tests: HTTPS with the
 * {@link TestTls#shared() test certificate}, or plain HTTP.
 *
 * <pre>{@code
 * TestTls.shared().installAsJvmDefault();          // so the JDK HTTP client trusts the server
 * try (LoopbackServer server = LoopbackServer.https("fake-feed")
 *         .on("/feed", exchange -> LoopbackServer.send(exchange, 200, "application/json", bytes, Map.of()))) {
 *     // point the plugin at server.url("/feed")
 * }
 * }</pre>
 *
 * <p>Handlers run on a cached pool of daemon threads named after the server ({@code fake-feed-1}, ...), so that a
 * handler may block (to hold an answer while the test acts) without stalling other requests, and a test that
 * forgets to close the server does not keep the JVM alive. Each exchange is closed after its handler returns, so
 * a handler only sends its response. {@link #close()} stops the server at once.
 */
public final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;

    private LoopbackServer(HttpServer server, String threadName, String scheme) {
        this.server = server;
        this.scheme = scheme;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Starts an HTTPS server with the shared test certificate, which names {@code localhost}, {@code 127.0.0.1}
     * and the public hosts tests route to loopback (see {@link TestTls}).
     *
     * @param threadName the name of its handler threads, so that a stack dump or a CPU profile tells them apart
     * @return the running server, answering 404 until a handler is added {@linkplain #on on} a path
     */
    public static LoopbackServer https(String threadName) {
        try {
            HttpsServer server = HttpsServer.create(loopback(), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.shared().serverContext()));
            return new LoopbackServer(server, threadName, "https");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the loopback HTTPS server " + threadName, e);
        }
    }

    /**
     * Starts a plain HTTP server. Azure SDK clients refuse to send keys or tokens over plain HTTP: fakes of Azure
     * services need {@link #https}.
     *
     * @param threadName the name of its handler threads
     * @return the running server, answering 404 until a handler is added {@linkplain #on on} a path
     */
    public static LoopbackServer http(String threadName) {
        try {
            return new LoopbackServer(HttpServer.create(loopback(), 0), threadName, "http");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the loopback HTTP server " + threadName, e);
        }
    }

    /**
     * Serves requests whose path starts with {@code path} (the longest matching prefix wins), then closes the
     * exchange.
     *
     * @param path a path prefix, such as {@code /} for everything
     * @param handler what answers
     * @return this server
     */
    public LoopbackServer on(String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param path a path starting with {@code /}, possibly with a query
     * @return the URL of the path on this server, for example {@code https://127.0.0.1:50123/feed}
     */
    public String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /**
     * Writes a whole response: the status, {@code Content-Type}, the extra headers (which may replace it) and the
     * body with its length.
     *
     * @param exchange the exchange to answer
     * @param status the HTTP status
     * @param contentType the {@code Content-Type}, such as {@code application/json; charset=utf-8}
     * @param body the body; empty sends none
     * @param headers extra response headers, such as {@code Retry-After}
     * @throws IOException when the client went away
     */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body,
                            Map<String, String> headers) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops the server at once, without waiting for exchanges in progress. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
