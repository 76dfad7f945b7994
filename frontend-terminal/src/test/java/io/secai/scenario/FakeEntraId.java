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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Entra ID token endpoint for the client-credentials grant, so that the engine's real azure-identity
 * {@code ClientSecretCredential} (with {@code azure.authority-host} pointing here and instance discovery off) signs
 * in and the Sentinel plugin's Log Analytics client sends a bearer token, as it does against Azure. Tokens are
 * opaque strings; the fake Log Analytics only checks that one is sent.
 */
final class FakeEntraId implements AutoCloseable {

    /** Thread name of the handler threads, so that their CPU time can be told apart from SecAI's. */
    static final String THREAD_NAME = "scenario-fake-entra";

    private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");

    private final HttpsServer server;
    private final ExecutorService executor;
    private final List<String> scopes = new CopyOnWriteArrayList<>();

    private FakeEntraId(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static FakeEntraId start() {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.shared().serverContext()));
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, THREAD_NAME);
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            FakeEntraId fake = new FakeEntraId(server, executor);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake Entra ID", e);
        }
    }

    /** @return the authority host to configure ({@code azure.authority-host}) */
    String authorityHost() {
        return "https://localhost:" + server.getAddress().getPort() + "/";
    }

    /** @return the scopes tokens were requested for, one entry per token request */
    List<String> scopes() {
        return List.copyOf(scopes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher path = TOKEN_PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()
                    || !body.contains("grant_type=client_credentials")) {
                send(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"AADSTS900144: the fake "
                        + "Entra ID only serves the client-credentials grant at /{tenant}/oauth2/v2.0/token\"}");
                return;
            }
            scopes.add(formValue(body, "scope"));
            send(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                    + "\"access_token\":\"scenario-token-" + scopes.size() + "\"}");
        }
    }

    private static String formValue(String body, String name) {
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
