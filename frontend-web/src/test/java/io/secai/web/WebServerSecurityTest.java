package io.secai.web;

import io.secai.web.security.SecurityHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The security rules, on a real server on a random port over the real engine and plugins talking to the HTTPS fakes
 * ({@link RealEngineFixture}). One engine serves the whole class.
 */
class WebServerSecurityTest {

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;
    private static WebServer server;

    @BeforeAll
    static void start() {
        fixture = RealEngineFixture.start(work, "answer", "Suspicious sign-in", "Upgrade now.");
        server = fixture.server();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void apiWithoutTokenAnswers401() {
        HttpResponse<String> response = Browserless.anonymous(server).get("/api/sessions");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(server.token());
    }

    @Test
    void pageWithoutTokenSendsTheBrowserToTheLoginPage() {
        HttpResponse<String> response = Browserless.anonymous(server).get("/");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/login");
    }

    @Test
    void pageWithTokenCarriesContentSecurityPolicyAndNosniff() {
        HttpResponse<String> response = Browserless.loggedIn(server).get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .contains(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Referrer-Policy")).contains(SecurityHeaders.REFERRER_POLICY);
        assertThat(response.body()).contains("<script src=\"/assets/app.js\" defer></script>")
                .doesNotContainPattern("<script>|<style|\\sstyle=|\\son[a-z]+=");
    }

    @Test
    void apiAnswersAreNotCached() {
        HttpResponse<String> response = Browserless.withBearer(server, server.token()).get("/api/sessions");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void loginSetsHttpOnlyStrictCookieAndWrongTokenSetsNone() {
        Browserless browser = Browserless.anonymous(server);

        HttpResponse<String> wrong = browser.login("not-the-token");
        HttpResponse<String> right = browser.login(server.token());

        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).contains("/login?failed=1");
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(right.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("secai_session=").contains("HttpOnly").contains("SameSite=Strict")
                .doesNotContain(server.token()));
    }

    @Test
    void loginLinkTradesTheTokenForTheCookieAndSendsTheBrowserOnToAnAddressWithoutIt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> right = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.loginLink())).header("Sec-Fetch-Site", "none").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(server.loginLink()).isEqualTo(server.url() + "login?token=" + server.token());
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).contains("/");
        assertThat(right.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(right.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("secai_session=").contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(right.headers().map().toString() + right.body()).doesNotContain(server.token());
        String session = right.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("secai_session=")).findFirst().orElseThrow().split(";")[0];
        HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url()))
                .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);

        HttpResponse<String> wrong = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                server.url() + "login?token=not-the-token")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).contains("/login?failed=1");
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();

        // Another site linking here, even with a valid token (its own), logs nobody in.
        HttpResponse<String> crossSite = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.loginLink())).header("Sec-Fetch-Site", "cross-site").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(303);
        assertThat(crossSite.headers().firstValue("Location")).contains("/login");
        assertThat(crossSite.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void foreignHostHeaderIsRefused() throws IOException {
        String statusLine = rawRequest("GET /api/sessions HTTP/1.1\r\nHost: rebound.attacker.example:" + server.port()
                + "\r\nAuthorization: Bearer " + server.token() + "\r\nConnection: close\r\n\r\n");
        String loopbackName = rawRequest("GET /api/sessions HTTP/1.1\r\nHost: localhost:" + server.port()
                + "\r\nAuthorization: Bearer " + server.token() + "\r\nConnection: close\r\n\r\n");

        assertThat(statusLine).startsWith("HTTP/1.1 4");
        assertThat(loopbackName).startsWith("HTTP/1.1 200");
    }

    @Test
    void listensOnLoopbackOnlyByDefault() throws IOException {
        assertThat(WebSettings.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(server.url()).startsWith("http://127.0.0.1:");
        Optional<InetAddress> external = externalAddress();
        if (external.isPresent()) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external.get(), server.port()), 2000);
                }
            }).isInstanceOf(ConnectException.class);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 2000);
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void stateChangingRequestWithoutCsrfTokenIsRefused() {
        Browserless browser = Browserless.loggedIn(server);

        HttpResponse<String> without = browser.postWith("/api/sessions", "", null);
        HttpResponse<String> wrong = browser.postWith("/api/sessions", "", "forged");
        HttpResponse<String> with = browser.post("/api/sessions", "");

        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(with.statusCode()).isEqualTo(201);
        assertThat(browser.json(browser.get("/api/sessions"))).hasSize(1);
    }

    @Test
    void stateChangingRequestFromAnotherOriginIsRefused() {
        Browserless browser = Browserless.loggedIn(server);

        HttpResponse<String> foreign = browser.postWithOrigin("/api/sessions", "http://attacker.example");
        HttpResponse<String> otherPort = browser.postWithOrigin("/api/sessions", "http://127.0.0.1:1");
        HttpResponse<String> own = browser.postWithOrigin("/api/sessions", "http://127.0.0.1:" + server.port());

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(otherPort.statusCode()).isEqualTo(403);
        assertThat(own.statusCode()).isEqualTo(201);
    }

    @Test
    void bearerTokenWorksWithoutCsrfAndWrongBearerIsRefused() {
        HttpResponse<String> created = Browserless.withBearer(server, server.token()).postWith("/api/sessions", "", null);
        HttpResponse<String> refused = Browserless.withBearer(server, server.token() + "x").get("/api/sessions");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    @Test
    void eachLoginSeesOnlyItsOwnSessions() {
        Browserless alice = Browserless.loggedIn(server);
        Browserless bob = Browserless.loggedIn(server);
        String alicesSession = alice.createSession();

        assertThat(alice.json(alice.get("/api/sessions")).findValuesAsText("id")).containsExactly(alicesSession);
        assertThat(bob.json(bob.get("/api/sessions"))).isEmpty();
        assertThat(bob.get("/api/sessions/" + alicesSession).statusCode()).isEqualTo(404);
        assertThat(bob.post("/api/sessions/" + alicesSession + "/prompts", "{\"prompt\":\"hi\"}").statusCode())
                .isEqualTo(404);
        assertThat(bob.delete("/api/sessions/" + alicesSession).statusCode()).isEqualTo(404);
        assertThat(alice.get("/api/sessions/" + alicesSession).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherOwnersRunCannotBeReadOrCancelled() throws InterruptedException {
        Browserless alice = Browserless.loggedIn(server);
        Browserless bob = Browserless.loggedIn(server);
        String session = alice.createSession();
        String runId;
        HttpResponse<String> bobReads;
        HttpResponse<String> bobCancels;
        try (RealEngineFixture.AnswerGate gate = fixture.holdAnswers()) {
            HttpResponse<String> started = alice.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"hi\"}");
            runId = alice.json(started).path("runId").asText();
            gate.awaitHeldAnswer();
            bobReads = bob.get("/api/runs/" + runId + "/events");
            bobCancels = bob.post("/api/runs/" + runId + "/cancel", "");
        }

        assertThat(bobReads.statusCode()).isEqualTo(404);
        assertThat(bobCancels.statusCode()).isEqualTo(404);
        assertThat(alice.events("/api/runs/" + runId + "/events")).last().satisfies(event -> {
            assertThat(event.name()).isEqualTo("outcome");
            assertThat(event.data().path("status").asText()).isEqualTo("SUCCEEDED");
        });
    }

    @Test
    void logoutEndsTheLogin() {
        Browserless browser = Browserless.loggedIn(server);

        assertThat(browser.post("/logout", "").statusCode()).isEqualTo(200);
        assertThat(browser.get("/api/sessions").statusCode()).isEqualTo(401);
    }

    @Test
    void tlsKeystoreServesHttpsAndMarksTheCookieSecure(@TempDir Path keys) throws Exception {
        Path keystore = keys.resolve("web.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "test-pass", "-keypass", "test-pass")
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(keytoolOutput).isZero();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "test-pass".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);

        try (WebServer https = WebServer.start(fixture.engine(),
                WebSettings.defaults().withPort(0).withTls(keystore, "test-pass"))) {
            Browserless browser = new Browserless(HttpClient.newBuilder().sslContext(tls).build(), https.url());
            HttpResponse<String> login = browser.login(https.token());
            String plainStatus = rawRequestTo(https.port(), "GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1:"
                    + https.port() + "\r\nConnection: close\r\n\r\n");

            assertThat(https.url()).startsWith("https://127.0.0.1:");
            assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie ->
                    assertThat(cookie).contains("Secure").contains("HttpOnly"));
            assertThat(browser.get("/api/sessions").statusCode()).isEqualTo(200);
            assertThat(plainStatus).doesNotStartWith("HTTP/1.1 200");
        }
    }

    private String rawRequest(String request) throws IOException {
        return rawRequestTo(server.port(), request);
    }

    private static String rawRequestTo(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.lines().findFirst().orElse("");
        }
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
