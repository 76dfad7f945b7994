package io.secai.web;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The real engine with the real plugins from plugins-dir, behind a {@link WebServer}, talking HTTPS to local fakes:
 * Azure OpenAI ({@link FakeOpenAi}), Log Analytics ({@link FakeLogAnalytics}) and a web page that FetchURL reads as
 * {@code https://example.com/advisory} (routed to loopback with its {@code connect-to} setting).
 *
 * <p>Each prompt is planned as three tasks: a KQL query over {@code SecurityIncident}, a fetch of the advisory page,
 * and a GPT answer. The model's answers, the incident titles and the page text can each carry an XSS payload.
 */
final class RealEngineFixture implements AutoCloseable {

    static final String ADVISORY_URL = "https://example.com/advisory";

    private final FakeOpenAi openAi;
    private final FakeLogAnalytics logAnalytics;
    private final HttpsServer pages;
    private final Engine engine;
    private final WebServer server;

    private RealEngineFixture(FakeOpenAi openAi, FakeLogAnalytics logAnalytics, HttpsServer pages, Engine engine,
                              WebServer server) {
        this.openAi = openAi;
        this.logAnalytics = logAnalytics;
        this.pages = pages;
        this.engine = engine;
        this.server = server;
    }

    /**
     * @param work a temporary folder for the engine's data and config
     * @param answer what the GPT task's model answer says (Markdown)
     * @param incidentTitle the title of the first incident row
     * @param pageText a paragraph of the advisory page, as text
     * @return the running fixture
     */
    static RealEngineFixture start(Path work, String answer, String incidentTitle, String pageText) {
        TestTls.shared().installAsJvmDefault();
        // FetchURL's OkHttp, in the plugin's own class loader, builds its trust from the JVM's trust-store
        // properties rather than the default SSLContext: point them at the test authority too.
        List<String> trust = TestTls.shared().javaTrustOptions(work.resolve("tls"));
        for (String option : trust) {
            String[] pair = option.substring(2).split("=", 2);
            System.setProperty(pair[0], pair[1]);
        }
        FakeWorkspace workspace = FakeWorkspace.empty().withTable("SecurityIncident",
                "TimeGenerated:datetime, Title:string, Severity:string, IncidentNumber:long",
                List.of(Arrays.asList("2025-01-02T03:04:05Z", incidentTitle, "High", 7L),
                        Arrays.asList("2025-01-03T03:04:05Z", "Brute force against VPN", "Medium", 12L)));
        FakeLogAnalytics logAnalytics = FakeLogAnalytics.start(workspace);
        HttpsServer pages = startPages(pageText);
        FakeOpenAi openAi = FakeOpenAi.start();
        openAi.respondWith(call -> {
            String schema = call.schemaName().orElse("");
            if (schema.equals("secai_plan")) {
                return Reply.text("{\"tasks\":["
                        + "{\"plugin\":\"sentinel-kql\",\"capability\":\"run-kql\",\"instruction\":\"List the "
                        + "incidents of the last 30 days\",\"inputs\":[]},"
                        + "{\"plugin\":\"fetchurl\",\"capability\":\"fetch\",\"instruction\":\"Read "
                        + ADVISORY_URL + "\",\"inputs\":[{\"name\":\"url\",\"value\":\"" + ADVISORY_URL + "\"}]},"
                        + "{\"plugin\":\"gpt\",\"capability\":\"answer\",\"instruction\":\"Summarise\","
                        + "\"inputs\":[]}]}");
            }
            if (schema.equals("kql_query")) {
                return Reply.text("{\"tables\":[\"SecurityIncident\"],\"kql\":\"SecurityIncident | project "
                        + "TimeGenerated, Title, Severity, IncidentNumber\",\"rationale\":\"incidents\","
                        + "\"timespan\":\"P30D\"}");
            }
            if (call.lastUserText().contains("Summarise")) {
                return Reply.text(answer);
            }
            if (call.allText().contains("ADVISORY-MARKER")) {
                // FetchURL's answer: the model repeats the page, so untrusted page text reaches the page as-is.
                return Reply.text("The advisory says: " + pageText);
            }
            return Reply.text(answer);
        });
        Path config = work.resolve("application.conf");
        try {
            Files.writeString(config, String.join("\n",
                    "secai.data-dir = \"" + work.resolve("data") + "\"",
                    "openai.endpoint = \"" + openAi.endpoint() + "\"",
                    "openai.api-key = \"test-key\"",
                    "openai.deployment = \"gpt-test\"",
                    "azure.workspace-id = \"" + logAnalytics.workspaceId() + "\"",
                    "azure.access-token = \"fake-workspace-token\"",
                    "plugins.sentinel-kql.endpoint = \"" + logAnalytics.endpoint() + "\"",
                    "plugins.sentinel-kql.load-schema = false",
                    "plugins.fetchurl.allow-hosts = [\"example.com\"]",
                    "plugins.fetchurl.connect-to = [\"example.com:443:127.0.0.1:" + pages.getAddress().getPort()
                            + "\"]",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Engine engine = Engines.start(EngineOptions.fromProcess()
                .withEnvironment(Map.of())
                .withWorkingDirectory(work)
                .withConfigFile(config)
                .withAuth("access_token")
                .withPluginsDir(Path.of(System.getProperty("secai.plugins-dir", "../plugins-dir"))));
        WebServer server = WebServer.start(engine, WebSettings.defaults().withPort(0));
        return new RealEngineFixture(openAi, logAnalytics, pages, engine, server);
    }

    private static HttpsServer startPages(String pageText) {
        String html = "<!DOCTYPE html><html><head><title>Advisory</title>"
                + "<script>window.__xss=6</script></head><body><article><h1>Advisory ADVISORY-MARKER</h1>"
                + "<p>" + escape(pageText) + "</p><p>Patch the VPN appliances now; the flaw is exploited.</p>"
                + "</article></body></html>";
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.shared().serverContext()));
            server.createContext("/", exchange -> {
                byte[] body = html.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the page server", e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    WebServer server() {
        return server;
    }

    Engine engine() {
        return engine;
    }

    FakeOpenAi openAi() {
        return openAi;
    }

    FakeLogAnalytics logAnalytics() {
        return logAnalytics;
    }

    @Override
    public void close() {
        server.close();
        engine.close();
        openAi.close();
        logAnalytics.close();
        pages.stop(0);
    }
}
