package io.secai.plugin.fetchurl.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A web server on 127.0.0.1 that records what it was asked, for fetch tests that must not touch the internet. */
public final class LocalServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();

    private LocalServer(HttpServer server) {
        this.server = server;
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** @return a plain HTTP server on a free loopback port */
    public static LocalServer http() {
        try {
            return new LocalServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param context the server's TLS context @return an HTTPS server on a free loopback port */
    public static LocalServer https(SSLContext context) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            return new LocalServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param path the path @param handler what answers it @return this server */
    public LocalServer on(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    /** @param path the path @param contentType the type @param body the text @return this server */
    public LocalServer page(String path, String contentType, String body) {
        return on(path, exchange -> send(exchange, 200, contentType, body, StandardCharsets.UTF_8));
    }

    /** @param from the path @param location where it redirects @return this server */
    public LocalServer redirect(String from, String location) {
        return on(from, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
    }

    /** Writes a whole response. */
    public static void send(HttpExchange exchange, int status, String contentType, String body, Charset charset)
            throws IOException {
        byte[] bytes = body.getBytes(charset);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** @return the port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @param path a path @return the URL of the path on 127.0.0.1 */
    public String url(String path) {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + path;
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
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
