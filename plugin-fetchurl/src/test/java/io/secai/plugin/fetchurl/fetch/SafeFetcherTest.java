package io.secai.plugin.fetchurl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secai.api.ServiceException;
import io.secai.plugin.fetchurl.testing.LocalServer;
import io.secai.plugin.fetchurl.testing.TestTrust;
import io.secai.testkit.http.LoopbackServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeFetcherTest {

    private static final String PAGE = "<html><head><title>T</title></head><body><p>Hello page</p></body></html>";

    private final LocalServer server = LocalServer.http();

    /** Stands in for DNS: tests decide what a public-looking name resolves to. */
    private final HostResolver resolver = host -> {
        Map<String, List<InetAddress>> answers = Map.of(
                "public.example", List.of(address("127.0.0.1")),
                "metadata.example", List.of(address("169.254.169.254")),
                "rebind.example", List.of(address("93.184.216.34"), address("10.0.0.7")),
                "intranet.example", List.of(address("127.0.0.1")));
        List<InetAddress> answer = answers.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer;
    };

    @AfterEach
    void stop() {
        server.close();
    }

    private SafeFetcher allowingLoopback() {
        return new SafeFetcher(FetchOptions.DEFAULTS.withAllowHosts(Set.of("127.0.0.1:" + server.port())), resolver);
    }

    @Test
    void fetchesAnAllowListedPageWithTheSecAiUserAgent() {
        server.page("/page", "text/html; charset=utf-8", PAGE);
        try (SafeFetcher fetcher = allowingLoopback()) {
            FetchedPage page = fetcher.fetch(server.url("/page"));
            assertThat(page.body()).contains("Hello page");
            assertThat(page.kind()).isEqualTo(FetchedPage.Kind.HTML);
            assertThat(page.finalUrl()).isEqualTo(server.url("/page"));
        }
        assertThat(server.userAgents()).singleElement().asString().contains("SecAI");
    }

    @Test
    void decodesTheCharsetNamedInTheMetaElement() {
        server.on("/latin", exchange -> LoopbackServer.send(exchange, 200, "text/html",
                "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\u00e9 cr\u00e8me</p></body></html>"
                        .getBytes(StandardCharsets.ISO_8859_1), Map.of()));
        try (SafeFetcher fetcher = allowingLoopback()) {
            assertThat(fetcher.fetch(server.url("/latin")).body()).contains("Caf\u00e9 cr\u00e8me");
        }
    }

    @Test
    void followsRedirectsAndReportsTheFinalUrl() {
        server.redirect("/old", "/new").page("/new", "text/plain", "moved here");
        try (SafeFetcher fetcher = allowingLoopback()) {
            FetchedPage page = fetcher.fetch(server.url("/old"));
            assertThat(page.finalUrl()).isEqualTo(server.url("/new"));
            assertThat(page.kind()).isEqualTo(FetchedPage.Kind.TEXT);
            assertThat(page.redirects()).containsExactly(server.url("/old"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/admin", "http://169.254.169.254/latest/meta-data/",
        "http://localhost/", "http://0x7f.1/", "http://[::1]/", "http://metadata.example/"})
    void refusesARedirectToAPrivateAddress(String target) {
        server.redirect("/hop", target);
        try (SafeFetcher fetcher = allowingLoopback()) {
            assertThatThrownBy(() -> fetcher.fetch(server.url("/hop")))
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.REJECTED))
                    .hasMessageContaining("refused");
        }
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void followsFiveRedirectsButRefusesTheSixth() {
        for (int i = 0; i < 6; i++) {
            server.redirect("/r" + i, "/r" + (i + 1));
        }
        server.page("/r6", "text/plain", "end");
        server.page("/s5", "text/plain", "five hops");
        for (int i = 0; i < 5; i++) {
            server.redirect("/s" + i, "/s" + (i + 1));
        }
        try (SafeFetcher fetcher = allowingLoopback()) {
            assertThat(fetcher.fetch(server.url("/s0")).body()).isEqualTo("five hops");
            assertThatThrownBy(() -> fetcher.fetch(server.url("/r0")))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("redirected more than 5 times");
        }
    }

    @Test
    void refusesABodyLargerThanTheCapWhetherDeclaredOrStreamed() {
        String big = "x".repeat(5000);
        server.page("/declared", "text/plain", big);
        server.on("/streamed", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(big.getBytes(StandardCharsets.UTF_8));
            }
        });
        FetchOptions options = FetchOptions.DEFAULTS.withAllowHosts(Set.of("127.0.0.1:" + server.port())).withMaxBytes(1000);
        try (SafeFetcher fetcher = new SafeFetcher(options, resolver)) {
            for (String path : List.of("/declared", "/streamed")) {
                assertThatThrownBy(() -> fetcher.fetch(server.url(path)))
                        .isInstanceOf(ServiceException.class)
                        .hasMessageContaining("limit of 1000 bytes");
            }
        }
    }

    @Test
    void givesUpOnABodyThatStopsArriving() {
        server.on("/slow", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("<html><body><p>first part".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FetchOptions options = FetchOptions.DEFAULTS.withAllowHosts(Set.of("127.0.0.1:" + server.port()))
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30));
        try (SafeFetcher fetcher = new SafeFetcher(options, resolver)) {
            assertThatThrownBy(() -> fetcher.fetch(server.url("/slow")))
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.TIMEOUT));
        }
    }

    @Test
    void refusesContentTypesOtherThanDocumentsNamingTheType() {
        server.page("/file.exe", "application/octet-stream", "MZ");
        server.page("/file.pdf", "application/pdf", "%PDF-1.4");
        server.page("/data.json", "application/json", "{\"a\":1}");
        server.page("/rule.yml", "application/yaml", "title: x");
        try (SafeFetcher fetcher = allowingLoopback()) {
            assertThatThrownBy(() -> fetcher.fetch(server.url("/file.exe")))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("application/octet-stream");
            FetchedPage pdf = fetcher.fetch(server.url("/file.pdf"));
            assertThat(pdf.kind()).isEqualTo(FetchedPage.Kind.PDF);
            assertThat(pdf.bytes()).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
            assertThat(fetcher.fetch(server.url("/rule.yml")).kind()).isEqualTo(FetchedPage.Kind.TEXT);
            assertThat(fetcher.fetch(server.url("/data.json")).kind()).isEqualTo(FetchedPage.Kind.JSON);
        }
    }

    @Test
    void reportsAnHttpErrorStatus() {
        server.on("/missing", exchange -> LoopbackServer.send(exchange, 404, "text/html",
                "nope".getBytes(StandardCharsets.UTF_8), Map.of()));
        try (SafeFetcher fetcher = allowingLoopback()) {
            assertThatThrownBy(() -> fetcher.fetch(server.url("/missing")))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("HTTP 404");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:PORT/", "http://2130706433:PORT/", "http://0177.0.0.1:PORT/",
        "http://0x7f.1:PORT/", "http://127.1:PORT/", "http://0x7f000001:PORT/", "http://[::1]:PORT/",
        "http://[::ffff:127.0.0.1]:PORT/", "http://[::ffff:7f00:1]:PORT/", "http://localhost:PORT/",
        "http://foo.localhost:PORT/", "http://LOCALHOST.:PORT/", "http://0.0.0.0:PORT/",
        "http://good@127.0.0.1:PORT/", "http://good.com:x@127.0.0.1:PORT/", "http://169.254.169.254:PORT/",
        "http://public.example:PORT/", "http://rebind.example:PORT/", "http://10.0.0.1:PORT/",
        "http://[fd00::1]:PORT/", "http://[fe80::1]:PORT/", "http://100.64.0.1:PORT/"})
    void refusesEverySpellingOfAnInternalAddressWithoutConnecting(String template) {
        String url = template.replace("PORT", String.valueOf(server.port()));
        server.page("/", "text/html", PAGE);
        try (SafeFetcher fetcher = new SafeFetcher(FetchOptions.DEFAULTS, resolver)) {
            assertThatThrownBy(() -> fetcher.fetch(url))
                    .as(url)
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.REJECTED))
                    .hasMessageContaining("refused");
        }
        assertThat(server.requests()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/file", "file:///etc/passwd", "gopher://127.0.0.1:70/", "not a url"})
    void refusesSchemesOtherThanHttpAndHttps(String url) {
        try (SafeFetcher fetcher = new SafeFetcher(FetchOptions.DEFAULTS, resolver)) {
            assertThatThrownBy(() -> fetcher.fetch(url))
                    .isInstanceOf(ServiceException.class)
                    .hasMessageContaining("not an http or https URL");
        }
    }

    @Test
    void reachesAnInternalHostOnlyWhenTheOperatorAllowsIt() {
        server.page("/wiki", "text/html", PAGE);
        String url = "http://intranet.example:" + server.port() + "/wiki";
        try (SafeFetcher fetcher = new SafeFetcher(FetchOptions.DEFAULTS, resolver)) {
            assertThatThrownBy(() -> fetcher.fetch(url)).hasMessageContaining("resolves to 127.0.0.1");
        }
        FetchOptions allowing = FetchOptions.DEFAULTS.withAllowHosts(Set.of("intranet.example:" + server.port()));
        try (SafeFetcher fetcher = new SafeFetcher(allowing, resolver)) {
            assertThat(fetcher.fetch(url).body()).contains("Hello page");
        }
    }

    @Test
    void routesAPublicNameToALocalHttpsFakeWithConnectToWhenAllowed() {
        TestTrust trust = TestTrust.shared();
        try (LocalServer https = LocalServer.https()) {
            https.page("/techniques/T1003/", "text/html; charset=utf-8", PAGE);
            List<ConnectToRule> rules = List.of(ConnectToRule.parse("attack.mitre.org:443:127.0.0.1:" + https.port()));
            String url = "https://attack.mitre.org/techniques/T1003/";
            try (SafeFetcher fetcher = new SafeFetcher(FetchOptions.DEFAULTS.withConnectTo(rules), resolver,
                    trust.context().getSocketFactory(), trust.trustManager())) {
                assertThatThrownBy(() -> fetcher.fetch(url)).hasMessageContaining("loopback");
            }
            FetchOptions allowed = FetchOptions.DEFAULTS.withConnectTo(rules)
                    .withAllowHosts(Set.of("attack.mitre.org"));
            try (SafeFetcher fetcher = new SafeFetcher(allowed, resolver, trust.context().getSocketFactory(),
                    trust.trustManager())) {
                FetchedPage page = fetcher.fetch(url);
                assertThat(page.body()).contains("Hello page");
                assertThat(page.finalUrl()).isEqualTo(url);
            }
            assertThat(https.requests()).isEqualTo(1);
        }
    }

    @Test
    void allowHostsEntryWithoutAPortOpensOnlyTheDefaultPorts() {
        server.page("/wiki", "text/html", PAGE);
        AllowList list = AllowList.parse(List.of("intranet.example"));
        assertThat(list.admits("intranet.example", 80)).isTrue();
        assertThat(list.admits("intranet.example", 443)).isTrue();
        assertThat(list.admits("intranet.example", 8080)).isFalse();
        FetchOptions options = FetchOptions.DEFAULTS.withAllowHosts(Set.of("intranet.example"));
        try (SafeFetcher fetcher = new SafeFetcher(options, resolver)) {
            assertThatThrownBy(() -> fetcher.fetch("http://intranet.example:" + server.port() + "/wiki"))
                    .hasMessageContaining("resolves to 127.0.0.1");
        }
        assertThat(server.requests()).isZero();
    }

    @Test
    void allowHostsEntryWithAPortOpensThatPortOnly() {
        server.page("/wiki", "text/html", PAGE);
        FetchOptions options = FetchOptions.DEFAULTS.withAllowHosts(Set.of("intranet.example:" + server.port()));
        try (SafeFetcher fetcher = new SafeFetcher(options, resolver)) {
            assertThat(fetcher.fetch("http://intranet.example:" + server.port() + "/wiki").body())
                    .contains("Hello page");
            assertThatThrownBy(() -> fetcher.fetch("http://intranet.example:" + (server.port() + 1) + "/wiki"))
                    .hasMessageContaining("resolves to 127.0.0.1");
        }
        assertThat(AllowList.parse(List.of("[::1]:8443")).admits("0:0:0:0:0:0:0:1", 8443)).isTrue();
        assertThatThrownBy(() -> AllowList.parse(List.of("intranet.example:http")))
                .hasMessageContaining("invalid port \"http\"");
    }

    @Test
    void allowHostsAddressEntryAdmitsOnlyThatAddressNotANameResolvingToIt() {
        server.page("/", "text/html", PAGE);
        FetchOptions options = FetchOptions.DEFAULTS.withAllowHosts(Set.of("127.0.0.1:" + server.port()));
        try (SafeFetcher fetcher = new SafeFetcher(options, resolver)) {
            assertThat(fetcher.fetch("http://127.0.0.1:" + server.port() + "/").body()).contains("Hello page");
            assertThatThrownBy(() -> fetcher.fetch("http://public.example:" + server.port() + "/"))
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.REJECTED))
                    .hasMessageContaining("public.example resolves to 127.0.0.1, a loopback address");
        }
        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void everyFetchErrorMessageShortensTheQueryStringTheSameWay() {
        String secret = "sig=SECRET-TOKEN";
        server.redirect("/loop", "/loop?" + secret);
        server.on("/ftp", exchange -> {
            exchange.getResponseHeaders().add("Location", "ftp://files.example/x?" + secret);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.page("/binary", "application/octet-stream", "x");
        FetchOptions options = FetchOptions.DEFAULTS.withAllowHosts(Set.of("127.0.0.1:" + server.port()));
        List<String> urls = List.of("ftp://files.example/x?" + secret, server.url("/missing?" + secret),
                server.url("/loop?" + secret), server.url("/ftp?" + secret), server.url("/binary?" + secret),
                "http://10.0.0.1/admin?" + secret, "http://user:pw@public.example/?" + secret);
        try (SafeFetcher fetcher = new SafeFetcher(options, resolver)) {
            for (String url : urls) {
                assertThatThrownBy(() -> fetcher.fetch(url)).as(url)
                        .isInstanceOf(ServiceException.class)
                        .hasMessageContaining("?\u2026")
                        .hasMessageNotContaining("SECRET-TOKEN");
            }
        }
        assertThat(SafeFetcher.shorten("https://a.example/path/x?q=1#frag")).isEqualTo("https://a.example/path/x?\u2026");
        assertThat(SafeFetcher.shorten("not a url?key=1")).isEqualTo("not a url?\u2026");
        assertThat(SafeFetcher.shorten("gopher://u:p@h.example/x?k=1")).isEqualTo("gopher://h.example/x?\u2026");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Test
    void theHttpClientIsBuiltOnTheFirstFetchAFailedFirstFetchIsClearAndTheNextOneWorks() {
        // Closing a fetcher that never fetched (most plugin starts) must not build the client to close it.
        new SafeFetcher(FetchOptions.DEFAULTS, resolver).close();

        server.on("/down", exchange -> LoopbackServer.send(exchange, 503, "text/plain",
                "busy".getBytes(StandardCharsets.UTF_8), Map.of())).page("/page", "text/html; charset=utf-8", PAGE);
        try (SafeFetcher fetcher = allowingLoopback()) {
            assertThatThrownBy(() -> fetcher.fetch(server.url("/down")))
                    .isInstanceOfSatisfying(ServiceException.class,
                            e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.FAILED))
                    .hasMessageContaining("HTTP 503");
            assertThat(fetcher.fetch(server.url("/page")).body()).contains("Hello page");
        }
    }
}
