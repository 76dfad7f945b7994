package io.secai.testkit.entra;

import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Entra ID token endpoint for the client-credentials grant, served over HTTPS with the
 * {@linkplain io.secai.testkit.tls.TestTls test certificate}, so that the engine's real {@code client_secret}
 * sign-in (azure-identity's {@code ClientSecretCredential}) runs against loopback and the clients it signs in send
 * real bearer tokens, as they do against Azure.
 *
 * <pre>{@code
 * TestTls.shared().installAsJvmDefault();
 * try (FakeEntraId entra = FakeEntraId.start()) {
 *     // azure.auth = "client_secret", any tenant-id, client-id and client-secret,
 *     // azure.authority-host = entra.authorityHost(), azure.instance-discovery = false
 *     assertThat(entra.scopes()).contains("https://api.loganalytics.io/.default");
 * }
 * }</pre>
 *
 * <p>It serves {@code POST /{tenant}/oauth2/v2.0/token} with {@code grant_type=client_credentials}, accepting any
 * tenant, client and secret, and answers every other request with Entra ID's {@code invalid_request} error. Tokens
 * are opaque strings ({@code fake-entra-token-1}, ...) valid for an hour; the kit's fakes of Azure services only
 * check that one is sent. Instance discovery must be off, because the fake does not serve Entra ID's metadata
 * endpoints. It is thread-safe.
 */
public final class FakeEntraId implements AutoCloseable {

    private static final Pattern TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static final String JSON = "application/json; charset=utf-8";

    private final List<String> scopes = new CopyOnWriteArrayList<>();
    private volatile String refusal;
    private final LoopbackServer server;

    private FakeEntraId() {
        this.server = LoopbackServer.https("fake-entra-id").on("/", this::handle);
    }

    /**
     * Starts a fake on a free loopback port.
     *
     * @return the running fake; close it after the test
     */
    public static FakeEntraId start() {
        return new FakeEntraId();
    }

    /** @return the authority host to configure ({@code azure.authority-host}): {@code https://localhost:PORT/} */
    public String authorityHost() {
        return "https://localhost:" + server.port() + "/";
    }

    /** @return the {@code scope} of every token request, in order */
    public List<String> scopes() {
        return List.copyOf(scopes);
    }

    /**
     * From now on, answers every token request with Entra ID's {@code 401 invalid_client}, as for a wrong or expired
     * client secret; {@code null} accepts again.
     *
     * @param description the {@code error_description}, such as {@code AADSTS7000215: Invalid client secret
     *     provided.}; null to stop refusing
     * @return this fake
     */
    public FakeEntraId refuse(String description) {
        this.refusal = description;
        return this;
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher path = TOKEN_PATH.matcher(exchange.getRequestURI().getPath());
        if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()
                || !body.contains("grant_type=client_credentials")) {
            send(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"AADSTS900144: the fake "
                    + "Entra ID only serves the client-credentials grant at /{tenant}/oauth2/v2.0/token\"}");
            return;
        }
        String refused = refusal;
        if (refused != null) {
            send(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\""
                    + refused.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"error_codes\":[7000215]}");
            return;
        }
        scopes.add(formValue(body, "scope"));
        send(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                + "\"access_token\":\"fake-entra-token-" + scopes.size() + "\"}");
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
        LoopbackServer.send(exchange, status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
