package io.secai.web;

import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.testkit.http.LoopbackServer;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real engine with the real plugins from plugins-dir, behind a {@link WebServer}, talking HTTPS to local fakes:
 * Azure OpenAI ({@link FakeOpenAi}), Log Analytics ({@link FakeLogAnalytics}) and a web page that FetchURL reads as
 * {@code https://example.com/advisory} (routed to loopback with its {@code connect-to} setting).
 *
 * <p>The fake model plans by the words of the prompt, so that each test picks the work it needs:
 * <ul>
 *   <li>a prompt naming {@value #ADVISORY} gets three tasks: a KQL query over {@code SecurityIncident}, a fetch of
 *       the advisory page, and a GPT answer;</li>
 *   <li>a prompt naming {@value #INCIDENTS} gets two: the KQL query and a GPT answer;</li>
 *   <li>any other prompt gets one GPT answer.</li>
 * </ul>
 * The model's answers, the first incident's title and the page text can each carry an XSS payload. The incidents
 * are numbered 7, 12 and 1, so that sorting by number differs from sorting as text.
 */
final class RealEngineFixture implements AutoCloseable {

    static final String ADVISORY_URL = "https://example.com/advisory";
    static final String ADVISORY = "advisory";
    static final String INCIDENTS = "incidents";
    static final String RULE = "analytic rule";
    /** The detection-rules plugin's answer: a rule that passes its validation. */
    static final String RULE_ANSWER = """
            {"displayName":"Mass deletion of directory objects","description":"Many deletions by one account.",
             "severity":"High","query":"SecurityEvent\\n| where EventID == 4726\\n| summarize Deleted = count() by \
            Account, Computer","queryFrequency":"PT1H","queryPeriod":"PT1H","triggerOperator":"GreaterThan",
             "triggerThreshold":10,"suppressionEnabled":false,"suppressionDuration":"PT5H","tactics":["Impact"],
             "techniques":["T1485"],"entityMappings":[{"entityType":"Account","fieldMappings":[{"identifier":
             "FullName","columnName":"Account"}]}],"customDetails":[],"eventGroupingSettings":{"aggregationKind":
             "SingleAlert"}}""";

    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    private final FakeOpenAi openAi;
    private final FakeLogAnalytics logAnalytics;
    private final LoopbackServer pages;
    private final Engine engine;
    private final WebServer server;
    private final AtomicReference<AnswerGate> gate;

    private RealEngineFixture(FakeOpenAi openAi, FakeLogAnalytics logAnalytics, LoopbackServer pages, Engine engine,
                              WebServer server, AtomicReference<AnswerGate> gate) {
        this.openAi = openAi;
        this.logAnalytics = logAnalytics;
        this.pages = pages;
        this.engine = engine;
        this.server = server;
        this.gate = gate;
    }

    /**
     * @param work a temporary folder for the engine's data and config
     * @param answer what the GPT task's model answer says (Markdown)
     * @param incidentTitle the title of the first incident row
     * @param pageText a paragraph of the advisory page, as text
     * @return the running fixture
     */
    static RealEngineFixture start(Path work, String answer, String incidentTitle, String pageText) {
        return start(work, answer, incidentTitle, pageText, List.of());
    }

    /** As {@link #start(Path, String, String, String)}, with more application.conf lines. */
    static RealEngineFixture start(Path work, String answer, String incidentTitle, String pageText,
                                   List<String> moreConfig) {
        // FetchURL's OkHttp, in the plugin's own class loader, builds its trust from the JVM's trust-store
        // properties rather than the default SSLContext: they name the test authority too.
        TestTls.shared().trustInThisJvm();
        FakeWorkspace workspace = FakeWorkspace.empty().withTable("SecurityIncident",
                "TimeGenerated:datetime, Title:string, Severity:string, IncidentNumber:long",
                List.of(Arrays.asList("2025-01-02T03:04:05Z", incidentTitle, "High", 7L),
                        Arrays.asList("2025-01-03T03:04:05Z", "Brute force against VPN", "Medium", 12L),
                        Arrays.asList("2025-01-04T03:04:05Z", "Phishing mail reported", "Low", 1L)));
        FakeLogAnalytics logAnalytics = FakeLogAnalytics.start(workspace);
        LoopbackServer pages = startPages(pageText);
        FakeOpenAi openAi = FakeOpenAi.start();
        AtomicReference<AnswerGate> gate = new AtomicReference<>();
        openAi.respondWith(call -> {
            String schema = call.schemaName().orElse("");
            if (schema.equals("secai_plan")) {
                return Reply.text(plan(request(call.lastUserText())));
            }
            if (schema.equals("analytics_rule")) {
                return Reply.text(RULE_ANSWER);
            }
            if (schema.equals("kql_query")) {
                return Reply.text("{\"tables\":[\"SecurityIncident\"],\"kql\":\"SecurityIncident | project "
                        + "TimeGenerated, Title, Severity, IncidentNumber\",\"rationale\":\"incidents\","
                        + "\"timespan\":\"P30D\"}");
            }
            if (call.allText().contains("ADVISORY-MARKER") && !call.lastUserText().contains("Summarise")) {
                // FetchURL's answer: the model repeats the page, so untrusted page text reaches the page as-is.
                return Reply.text("The advisory says: " + pageText);
            }
            AnswerGate held = gate.get();
            if (held != null) {
                held.hold();
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
                    "plugins.fetchurl.connect-to = [\"example.com:443:127.0.0.1:" + pages.port()
                            + "\"]",
                    String.join("\n", moreConfig),
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
        return new RealEngineFixture(openAi, logAnalytics, pages, engine, server, gate);
    }

    /** The user's words inside the planner's request, so that the session context cannot steer the plan. */
    private static String request(String plannerMessage) {
        return PromptInjection.blocks(plannerMessage).stream().filter(block -> block.source().equals("request"))
                .map(PromptInjection.Block::content).findFirst().orElse(plannerMessage);
    }

    private static String plan(String request) {
        String kql = "{\"plugin\":\"sentinel-kql\",\"capability\":\"run-kql\",\"instruction\":\"List the "
                + "incidents of the last 30 days\",\"inputs\":[]}";
        String fetch = "{\"plugin\":\"fetchurl\",\"capability\":\"fetch\",\"instruction\":\"Read "
                + ADVISORY_URL + "\",\"inputs\":[{\"name\":\"url\",\"value\":\"" + ADVISORY_URL + "\"}]}";
        String answer = "{\"plugin\":\"gpt\",\"capability\":\"answer\",\"instruction\":\"Summarise\","
                + "\"inputs\":[]}";
        if (request.contains(RULE)) {
            return "{\"tasks\":[{\"plugin\":\"detection-rules\",\"capability\":\"create-rule\","
                    + "\"instruction\":\"Write the analytic rule\",\"inputs\":[]}]}";
        }
        if (request.contains(ADVISORY)) {
            return "{\"tasks\":[" + kql + "," + fetch + "," + answer + "]}";
        }
        if (request.contains(INCIDENTS)) {
            return "{\"tasks\":[" + kql + "," + answer + "]}";
        }
        return "{\"tasks\":[" + answer + "]}";
    }

    /**
     * Makes every GPT answer wait until the returned gate opens, so that a test can act while a run is inside its
     * task (send a second prompt, cancel) without relying on timing.
     *
     * @return the gate; open it, at the latest when the test ends
     */
    AnswerGate holdAnswers() {
        AnswerGate held = new AnswerGate();
        if (!gate.compareAndSet(null, held)) {
            throw new IllegalStateException("answers are already held");
        }
        return held;
    }

    /** Holds the fake model's GPT answers until opened. */
    final class AnswerGate implements AutoCloseable {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        private void hold() {
            reached.countDown();
            try {
                // Bounded, so that a test that forgets to open the gate fails instead of hanging the build.
                open.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until a run's GPT task is waiting for its answer. */
        void awaitHeldAnswer() throws InterruptedException {
            if (!reached.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no GPT answer was requested while the gate was closed");
            }
        }

        /** Lets held and later answers through. */
        @Override
        public void close() {
            gate.compareAndSet(this, null);
            open.countDown();
        }
    }

    private static LoopbackServer startPages(String pageText) {
        byte[] html = ("<!DOCTYPE html><html><head><title>Advisory</title>"
                + "<script>window.__xss=6</script></head><body><article><h1>Advisory ADVISORY-MARKER</h1>"
                + "<p>" + escape(pageText) + "</p><p>Patch the VPN appliances now; the flaw is exploited.</p>"
                + "</article></body></html>").getBytes(StandardCharsets.UTF_8);
        return LoopbackServer.https("fake-advisory-page").on("/", exchange ->
                LoopbackServer.send(exchange, 200, "text/html; charset=utf-8", html, Map.of()));
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
        pages.close();
    }
}
