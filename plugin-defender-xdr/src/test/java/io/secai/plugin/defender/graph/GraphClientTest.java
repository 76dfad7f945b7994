package io.secai.plugin.defender.graph;

import io.secai.api.ServiceException;
import io.secai.testkit.http.LoopbackServer;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's own defences, against hostile answers of a server speaking Graph's shapes. */
class GraphClientTest {
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void trust() {
        TestTls.shared().installAsJvmDefault();
    }

    private GraphClient client(LoopbackServer server, long maxBytes) {
        return new GraphClient(server.url("/v1.0").replace("127.0.0.1", "localhost"), GraphClient.newHttpClient(),
                Duration.ofSeconds(20), maxBytes, waits::add);
    }

    private static GraphClient.Call call(Duration budget) {
        return new GraphClient.Call(() -> "token", line -> { }, () -> { }, new ThrottleBudget(budget));
    }

    private static void json(com.sun.net.httpserver.HttpExchange exchange, int status, String body,
                             Map<String, String> headers) throws java.io.IOException {
        LoopbackServer.send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void aNextLinkToAnotherHostIsNotFollowedSoTheTokenStaysHome() {
        AtomicInteger calls = new AtomicInteger();
        try (LoopbackServer server = LoopbackServer.https("graph-next-link").on("/", exchange -> {
            calls.incrementAndGet();
            json(exchange, 200, "{\"value\":[{\"id\":\"1\"}],\"@odata.nextLink\":"
                    + "\"https://attacker.example/v1.0/security/incidents?$skiptoken=1\"}", Map.of());
        })) {
            assertThatThrownBy(() -> client(server, 1 << 20).getAll("/security/incidents", "P", 5,
                    call(Duration.ofSeconds(5))))
                    .isInstanceOf(ServiceException.class).hasMessageContaining("attacker.example")
                    .hasMessageContaining("not followed");
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void retryAfterAsAnHttpDateAndServerErrorsAreWaitedWithinTheBudget() {
        AtomicInteger calls = new AtomicInteger();
        try (LoopbackServer server = LoopbackServer.https("graph-retry").on("/", exchange -> {
            switch (calls.incrementAndGet()) {
                case 1 -> json(exchange, 429, "{\"error\":{\"code\":\"TooManyRequests\"}}",
                        Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"));
                case 2 -> json(exchange, 503, "{\"error\":{\"code\":\"ServiceUnavailable\"}}", Map.of());
                default -> json(exchange, 200, "{\"ok\":true}", Map.of());
            }
        })) {
            assertThat(client(server, 1 << 20).get("/x", "P", call(Duration.ofSeconds(5))).path("ok").asBoolean())
                    .isTrue();
            assertThat(waits).containsExactly(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void anOversizedAnswerAndANonJsonErrorGiveClearMessages() {
        try (LoopbackServer server = LoopbackServer.https("graph-big").on("/v1.0/big", exchange ->
                json(exchange, 200, "{\"value\":\"" + "x".repeat(5000) + "\"}", Map.of()))
                .on("/v1.0/html", exchange -> LoopbackServer.send(exchange, 502, "text/html",
                        "<html>\n<b>Bad gateway</b>\n</html>".getBytes(StandardCharsets.UTF_8), Map.of()))) {
            assertThatThrownBy(() -> client(server, 1000).get("/big", "P", call(Duration.ZERO)))
                    .hasMessageContaining("larger than");
            assertThatThrownBy(() -> client(server, 1 << 20).get("/html", "P", call(Duration.ZERO)))
                    .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind())
                            .isEqualTo(ServiceException.Kind.FAILED))
                    .hasMessageContaining("HTTP 502").hasMessageContaining("<html> <b>Bad gateway</b> </html>");
        }
    }

    @Test
    void plainHttpIsRefused() {
        assertThatThrownBy(() -> new GraphClient("http://graph.microsoft.com/v1.0", GraphClient.newHttpClient(),
                Duration.ofSeconds(1), 1, d -> { })).hasMessageContaining("must be an https URL");
    }
}
