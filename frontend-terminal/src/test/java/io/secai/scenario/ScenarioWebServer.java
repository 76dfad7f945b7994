package io.secai.scenario;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.secai.testkit.tls.TestTls;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTPS server standing in for attack.mitre.org and learn.microsoft.com: it serves each page at its
 * URL's host and path (the {@code Host} header tells the sites apart), with the test certificate, which names both
 * hosts. The fetch plugin reaches it through its {@code connect-to} setting.
 */
final class ScenarioWebServer implements AutoCloseable {

    /** Thread name of the handler threads, so that their CPU time can be told apart from SecAI's. */
    static final String THREAD_NAME = "scenario-fake-web";

    /**
     * A request the server received.
     *
     * @param host the {@code Host} header without port
     * @param path the request path
     * @param status the status answered
     */
    record Request(String host, String path, int status) {
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Map<String, String> pages;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ScenarioWebServer(HttpsServer server, ExecutorService executor, Map<String, String> pages) {
        this.server = server;
        this.executor = executor;
        this.pages = pages;
    }

    /**
     * @param pages HTML by URL
     * @return the running server
     */
    static ScenarioWebServer start(Map<URI, String> pages) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.shared().serverContext()));
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, THREAD_NAME);
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            Map<String, String> byKey = new java.util.HashMap<>();
            pages.forEach((url, html) -> byKey.put(key(url.getHost(), url.getRawPath()), html));
            ScenarioWebServer web = new ScenarioWebServer(server, executor, Map.copyOf(byKey));
            server.createContext("/", web::handle);
            server.start();
            return web;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the scenario's web server", e);
        }
    }

    /** @return the loopback port */
    int port() {
        return server.getAddress().getPort();
    }

    /** @return every request received, in order */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String hostHeader = exchange.getRequestHeaders().getFirst("Host");
            String host = hostHeader == null ? "" : hostHeader.replaceFirst(":\\d+$", "");
            String path = exchange.getRequestURI().getRawPath();
            String html = "GET".equals(exchange.getRequestMethod()) ? pages.get(key(host, path)) : null;
            requests.add(new Request(host, path, html == null ? 404 : 200));
            byte[] body = (html == null ? "<html><body><h1>Not found</h1></body></html>" : html)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(html == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String key(String host, String path) {
        return host.toLowerCase(java.util.Locale.ROOT) + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
