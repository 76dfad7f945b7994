package io.secai.scenario;

import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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

    private final Map<String, String> pages;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final LoopbackServer server;

    private ScenarioWebServer(Map<String, String> pages) {
        this.pages = pages;
        this.server = LoopbackServer.https(THREAD_NAME).on("/", this::handle);
    }

    /**
     * @param pages HTML by URL
     * @return the running server
     */
    static ScenarioWebServer start(Map<URI, String> pages) {
        Map<String, String> byKey = new HashMap<>();
        pages.forEach((url, html) -> byKey.put(key(url.getHost(), url.getRawPath()), html));
        return new ScenarioWebServer(Map.copyOf(byKey));
    }

    /** @return the loopback port */
    int port() {
        return server.port();
    }

    /** @return every request received, in order */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String hostHeader = exchange.getRequestHeaders().getFirst("Host");
        String host = hostHeader == null ? "" : hostHeader.replaceFirst(":\\d+$", "");
        String path = exchange.getRequestURI().getRawPath();
        String html = "GET".equals(exchange.getRequestMethod()) ? pages.get(key(host, path)) : null;
        requests.add(new Request(host, path, html == null ? 404 : 200));
        byte[] body = (html == null ? "<html><body><h1>Not found</h1></body></html>" : html)
                .getBytes(StandardCharsets.UTF_8);
        LoopbackServer.send(exchange, html == null ? 404 : 200, "text/html; charset=utf-8", body, Map.of());
    }

    private static String key(String host, String path) {
        return host.toLowerCase(Locale.ROOT) + path;
    }

    @Override
    public void close() {
        server.close();
    }
}
