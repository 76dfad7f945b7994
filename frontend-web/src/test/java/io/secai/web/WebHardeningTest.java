package io.secai.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.web.security.LoginThrottle;
import io.secai.web.security.SecurityHeaders;
import io.secai.testkit.time.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The web frontend's answers to the outside probe: login throttling, token strength, plain HTTP on the network, the
 * bound address, Jetty's own error pages, method override, and secrets pasted into prompts. Real servers over the
 * real engine ({@link RealEngineFixture}).
 */
class WebHardeningTest {

    private static final String TOKEN = "hardening-test-token-0123456789-abcdefXYZ";
    private static final LoginThrottle.Limits FAST = new LoginThrottle.Limits(5, Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = RealEngineFixture.start(work, "answer", "Suspicious sign-in", "Upgrade now.");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void fiftyWrongTokensFromOneClientAreThrottledAndTheRightTokenWorksOnceTheLockoutPasses() {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (WebServer server = WebServer.start(fixture.engine(), settings().withLogin(FAST), clock)) {
            List<Integer> statuses = new ArrayList<>();
            List<String> retryAfter = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> response = Browserless.withBearer(server, "wrong-token-" + i).get("/api/sessions");
                statuses.add(response.statusCode());
                response.headers().firstValue("Retry-After").ifPresent(retryAfter::add);
            }
            HttpResponse<String> rightTooSoon = Browserless.withBearer(server, TOKEN).get("/api/sessions");
            clock.advance(FAST.lockout().plusSeconds(1));
            HttpResponse<String> rightLater = Browserless.withBearer(server, TOKEN).get("/api/sessions");

            // Five wrong tokens are free; the sixth is judged and starts the first lockout.
            assertThat(statuses.subList(0, 6)).as(statuses.toString()).containsOnly(401);
            assertThat(statuses.subList(6, 50)).as(statuses.toString()).containsOnly(429);
            assertThat(retryAfter).hasSize(44).allSatisfy(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(rightTooSoon.statusCode()).isEqualTo(429);
            assertThat(rightLater.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void lockoutsDoubleWithEachFurtherWrongTokenUpToTheWindow() {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (WebServer server = WebServer.start(fixture.engine(), settings().withLogin(FAST), clock)) {
            List<Long> waits = new ArrayList<>();
            List<Integer> judged = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // A patient guesser: waits out each lockout, so that every guess is judged.
                judged.add(waitingOutLockouts(server, "wrong-" + i, clock, waits).statusCode());
            }
            HttpResponse<String> right = waitingOutLockouts(server, TOKEN, clock, waits);

            assertThat(judged).containsOnly(303);
            assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
            assertThat(right.statusCode()).isEqualTo(303);
            assertThat(right.headers().firstValue("Location")).contains("/");
        }
    }

    private static HttpResponse<String> waitingOutLockouts(WebServer server, String token, MovableClock clock,
                                                           List<Long> waits) {
        while (true) {
            HttpResponse<String> response = Browserless.anonymous(server).login(token);
            if (response.statusCode() != 429) {
                return response;
            }
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
            waits.add(seconds);
            clock.advance(Duration.ofSeconds(seconds));
        }
    }

    @Test
    void shortOrMonotonousTokenIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> WebServer.start(fixture.engine(), settings().withToken("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too weak").hasMessageContaining("1 characters, fewer than 32");
        assertThatThrownBy(() -> WebServer.start(fixture.engine(), settings().withToken("ab".repeat(20))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only 2 different characters");
    }

    @Test
    void plainHttpOnANetworkAddressIsRefusedUnlessInsecureNetworkIsGiven() {
        assertThatThrownBy(() -> WebServer.start(fixture.engine(), settings().withHost("0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--insecure-network").hasMessageContaining("--tls-keystore");
    }

    @Test
    void insecureNetworkWarnsAndTheStartLineShowsTheAddressActuallyBound() {
        try (WebServer server = WebServer.start(fixture.engine(),
                settings().withHost("0.0.0.0").withInsecureNetwork(true))) {
            assertThat(server.url()).isEqualTo("http://0.0.0.0:" + server.port() + "/");
            assertThat(server.warnings()).singleElement().asString().contains("WARNING", "plain HTTP", "0.0.0.0");
        }
        try (WebServer loopback = WebServer.start(fixture.engine(), settings())) {
            assertThat(loopback.url()).startsWith("http://127.0.0.1:");
            assertThat(loopback.warnings()).isEmpty();
        }
    }

    @Test
    void jettysOwnErrorPagesCarryTheSecurityHeaders() throws IOException {
        WebServer server = fixture.server();
        String badRequest = rawResponse(server.port(), "GET /\u0001bad HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        String uriTooLong = rawResponse(server.port(), "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1"
                + "\r\nConnection: close\r\n\r\n");
        String headersTooLarge = rawResponse(server.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(20_000) + "\r\nConnection: close\r\n\r\n");

        assertThat(badRequest).startsWith("HTTP/1.1 400");
        assertThat(uriTooLong).startsWith("HTTP/1.1 414");
        assertThat(headersTooLarge).startsWith("HTTP/1.1 431");
        for (String response : List.of(badRequest, uriTooLong, headersTooLarge)) {
            String head = response.toLowerCase(Locale.ROOT);
            SecurityHeaders.HEADERS.forEach((name, value) -> assertThat(head)
                    .as(response.lines().findFirst().orElse("") + " carries " + name)
                    .contains(name.toLowerCase(Locale.ROOT) + ": " + value.toLowerCase(Locale.ROOT)));
        }
    }

    @Test
    void methodOverrideHeaderDoesNotTurnAGetIntoADelete() throws IOException {
        WebServer server = fixture.server();
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();

        String response = rawResponse(server.port(), "GET /api/sessions/" + session + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.port() + "\r\nAuthorization: Bearer " + server.token()
                + "\r\nX-HTTP-Method-Override: DELETE\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200");
        assertThat(script.get("/api/sessions/" + session).statusCode()).isEqualTo(200);
    }

    @Test
    void secretPastedIntoAPromptIsMaskedInTheSessionFileAndTheApiAndTheUserIsTold() throws IOException {
        WebServer server = fixture.server();
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        String awsKey = "AKIAIOSFODNN7EXAMPLE";
        String configured = "fake-workspace-token";

        List<Browserless.Event> events = script.ask(session, "is " + awsKey + " or " + configured + " exposed?");
        String transcript = script.get("/api/sessions/" + session).body();
        String files;
        try (Stream<Path> all = Files.walk(work.resolve("data"))) {
            StringBuilder text = new StringBuilder();
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                text.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            files = text.toString();
        }

        assertThat(events).map(Browserless.Event::name).contains("notice");
        JsonNode notice = events.stream().filter(event -> event.name().equals("notice")).findFirst().orElseThrow()
                .data();
        assertThat(notice.toString()).contains("an AWS access key", "masked");
        assertThat(transcript).contains("is *** or *** exposed?").doesNotContain(awsKey, configured);
        assertThat(files).doesNotContain(awsKey, configured);
        assertThat(fixture.openAi().calls()).allSatisfy(call -> assertThat(call.allText())
                .doesNotContain(awsKey, configured));
    }

    private static WebSettings settings() {
        return WebSettings.defaults().withPort(0).withToken(TOKEN);
    }

    private static String rawResponse(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            throw new IOException("the server closed the connection without an answer: " + e.getMessage(), e);
        }
    }
}
