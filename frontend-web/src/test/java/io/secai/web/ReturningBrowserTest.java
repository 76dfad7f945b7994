package io.secai.web;

import io.secai.web.security.BrowserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser finds its sessions again after the web server restarts, by its browser-id cookie, and only with the
 * access token. One real engine (file session store) serves the class; each test starts its own web servers on it,
 * so that a restart loses every login as {@code ./secai web} does while the engine's sessions stay.
 */
class ReturningBrowserTest {

    private static final String TOKEN = "returning-browser-test-token-0123456789";

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

    private static WebServer webServer() {
        return WebServer.start(fixture.engine(), WebSettings.defaults().withPort(0).withToken(TOKEN));
    }

    @Test
    void browserThatLogsInAgainAfterRestartSeesItsEarlierSessions() {
        Browserless analyst;
        String session;
        try (WebServer yesterday = webServer()) {
            analyst = Browserless.loggedIn(yesterday);
            session = analyst.createSession();
        }

        try (WebServer today = webServer()) {
            Browserless returning = analyst.reconnect(today);
            assertThat(returning.get("/api/sessions").statusCode()).isEqualTo(401);

            returning.logIn(TOKEN);

            assertThat(returning.browserId()).isEqualTo(analyst.browserId());
            assertThat(returning.json(returning.get("/api/sessions")).findValuesAsText("id")).containsExactly(session);
            assertThat(returning.get("/api/sessions/" + session).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void otherBrowsersDoNotSeeTheSessionsAfterRestart() {
        String session;
        try (WebServer yesterday = webServer()) {
            session = Browserless.loggedIn(yesterday).createSession();
        }

        try (WebServer today = webServer()) {
            Browserless fresh = Browserless.loggedIn(today);
            Browserless other = Browserless.withBrowserId(today, "A".repeat(43)).logIn(TOKEN);

            for (Browserless browser : List.of(fresh, other)) {
                assertThat(browser.json(browser.get("/api/sessions"))).isEmpty();
                assertThat(browser.get("/api/sessions/" + session).statusCode()).isEqualTo(404);
            }
        }
    }

    @Test
    void browserIdWithoutTheTokenGetsNothing() {
        try (WebServer server = webServer()) {
            Browserless owner = Browserless.loggedIn(server);
            String session = owner.createSession();
            Browserless thief = Browserless.withBrowserId(server, owner.browserId());

            assertThat(thief.get("/api/sessions").statusCode()).isEqualTo(401);
            assertThat(thief.get("/api/sessions/" + session).statusCode()).isEqualTo(401);
            assertThat(thief.login("guessed-token").headers().allValues("Set-Cookie")).isEmpty();
            assertThat(thief.get("/api/sessions").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void malformedBrowserIdCookieIsReplaced() {
        try (WebServer server = webServer()) {
            for (String malformed : List.of("short", "A".repeat(42) + "+", "A".repeat(44), "A".repeat(42) + ".")) {
                Browserless browser = Browserless.withBrowserId(server, malformed).logIn(TOKEN);

                assertThat(browser.browserId()).isNotEqualTo(malformed).matches("[A-Za-z0-9_-]{43}");
                assertThat(browser.json(browser.get("/api/sessions"))).isEmpty();
            }
        }
    }

    @Test
    void loginSetsTheBrowserIdAsLongLivedHttpOnlyStrictCookie() {
        try (WebServer server = webServer()) {
            List<String> cookies = Browserless.anonymous(server).login(TOKEN).headers().allValues("Set-Cookie");

            assertThat(cookies).filteredOn(cookie -> cookie.startsWith(BrowserId.COOKIE + "=")).singleElement()
                    .satisfies(cookie -> assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict")
                            .contains("Path=/").contains("Max-Age=" + BrowserId.LIFETIME.toSeconds()));
        }
    }

    @Test
    void engineFilesTheSessionUnderAHashNotTheRawBrowserId() throws IOException {
        String browserId;
        String session;
        try (WebServer server = webServer()) {
            Browserless browser = Browserless.loggedIn(server);
            browserId = browser.browserId();
            session = browser.createSession();
            browser.ask(session, "hi");
        }

        assertThat(fixture.engine().sessions().find("web:" + sha256Hex(browserId), session))
                .hasValueSatisfying(info -> assertThat(info.owner()).doesNotContain(browserId));
        try (Stream<Path> files = Files.walk(work.resolve("data"))) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).isNotEmpty().allSatisfy(file -> assertThat(read(file)).doesNotContain(browserId));
            assertThat(written).anySatisfy(file -> assertThat(read(file)).contains(session));
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
