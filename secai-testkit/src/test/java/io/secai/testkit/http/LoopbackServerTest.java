package io.secai.testkit.http;

import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackServerTest {

    private final HttpClient client = HttpClient.newBuilder().sslContext(TestTls.shared().clientContext()).build();

    @Test
    void httpsServerAnswersWithStatusTypeHeadersAndBodyOverTheTestCertificate() throws Exception {
        try (LoopbackServer server = LoopbackServer.https("test-https").on("/feed", exchange ->
                LoopbackServer.send(exchange, 201, "application/json", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8),
                        Map.of("Retry-After", "3")))) {

            HttpResponse<String> response = get(server.url("/feed/today"));

            assertThat(server.url("/feed")).isEqualTo("https://127.0.0.1:" + server.port() + "/feed");
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(response.body()).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void plainHttpServerServesTheLongestMatchingPathAndAnswers404Elsewhere() throws Exception {
        try (LoopbackServer server = LoopbackServer.http("test-http")
                .on("/", exchange -> LoopbackServer.send(exchange, 200, "text/plain", bytes("root"), Map.of()))
                .on("/page", exchange -> LoopbackServer.send(exchange, 200, "text/html", bytes("<p>page</p>"),
                        Map.of()))) {

            assertThat(server.url("/page")).startsWith("http://127.0.0.1:");
            assertThat(get(server.url("/page")).body()).isEqualTo("<p>page</p>");
            assertThat(get(server.url("/other")).body()).isEqualTo("root");
        }
        try (LoopbackServer empty = LoopbackServer.http("test-empty")) {
            assertThat(get(empty.url("/anything")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void extraHeadersMayReplaceTheContentTypeAndAnEmptyBodySendsNone() throws Exception {
        try (LoopbackServer server = LoopbackServer.https("test-headers").on("/", exchange ->
                LoopbackServer.send(exchange, 204, "text/plain", new byte[0],
                        Map.of("Content-Type", "application/problem+json")))) {

            HttpResponse<String> response = get(server.url("/"));

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void handlersRunOnNamedDaemonThreads() throws Exception {
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        try (LoopbackServer server = LoopbackServer.http("fake-feed").on("/", exchange -> {
            handlerThread.set(Thread.currentThread());
            LoopbackServer.send(exchange, 200, "text/plain", bytes("ok"), Map.of());
        })) {
            get(server.url("/"));
        }

        assertThat(handlerThread.get().getName()).startsWith("fake-feed-");
        assertThat(handlerThread.get().isDaemon()).isTrue();
    }

    @Test
    void aHandlerThatFailsClosesTheExchangeAndTheServerGoesOn() throws Exception {
        try (LoopbackServer server = LoopbackServer.http("test-failing")
                .on("/broken", exchange -> {
                    throw new IOException("the handler failed");
                })
                .on("/", exchange -> LoopbackServer.send(exchange, 200, "text/plain", bytes("fine"), Map.of()))) {

            assertThatThrownBy(() -> get(server.url("/broken"))).isInstanceOf(IOException.class);
            assertThat(get(server.url("/")).body()).isEqualTo("fine");
        }
    }

    @Test
    void closeStopsListening() {
        LoopbackServer server = LoopbackServer.https("test-closed");
        String url = server.url("/");

        server.close();

        assertThatThrownBy(() -> get(url)).isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
