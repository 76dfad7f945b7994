package io.secai.demo;

import io.secai.testkit.entra.FakeEntraId;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.tls.TestTls;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code secai --demo} talks to, started inside the process on loopback: Entra ID, Azure OpenAI with
 * the {@linkplain DemoModel recorded model}, a Log Analytics workspace with the {@linkplain DemoData demo data}, and
 * the {@linkplain DemoPages demo web site}. The real engine and plugins run against it unchanged, over HTTPS with
 * the test kit's throw-away certificate authority, which this process then trusts alone: nothing in a demo can
 * reach the network.
 */
public final class DemoWorld implements AutoCloseable {

    /** The incident of the incident investigation. */
    public static final int INCIDENT = DemoData.INCIDENT;

    private final FakeEntraId entra;
    private final FakeOpenAi openAi;
    private final FakeLogAnalytics logs;
    private final DemoPages pages;

    private DemoWorld(Instant now) {
        FakeWorkspace data = DemoData.workspace(now);
        DemoWorkspace workspace = new DemoWorkspace(data, now);
        this.entra = FakeEntraId.start();
        this.openAi = FakeOpenAi.start().respondWith(new DemoModel());
        this.logs = FakeLogAnalytics.start(data).when(workspace::reads, request -> workspace.answer(request.query()));
        this.pages = DemoPages.start();
    }

    /**
     * Starts the demo world. The JVM's default TLS trust becomes the test kit's authority alone (and the
     * {@code javax.net.ssl.trustStore} properties name it, for clients that read them), so call it only in a
     * process that runs the demo and nothing else.
     *
     * @param clock the demo's "now": the data's times are relative to it
     * @return the running world; close it at the end
     */
    public static DemoWorld start(Clock clock) {
        TestTls.shared().trustInThisJvm();
        return new DemoWorld(clock.instant());
    }

    /**
     * The settings that point SecAI at this world. The fetch plugin's one allowance for a loopback address is here:
     * {@code allow-hosts} names the demo site's reserved {@code .test} name and {@code connect-to} routes it to this
     * process's port. They are engine overrides that only {@code --demo} passes (a demo reads no configuration file,
     * environment or {@code .env}), and no user configuration can come to name that host and this run's port by
     * accident.
     *
     * @param dataDirectory the demo's own data folder
     * @return the overrides
     */
    public Map<String, String> settings(Path dataDirectory) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("secai.data-dir", dataDirectory.toString());
        settings.put("openai.endpoint", openAi.endpoint());
        settings.put("openai.api-key", "demo-not-a-secret");
        settings.put("openai.deployment", "demo-recorded-answers");
        settings.put("azure.auth", "client_secret");
        settings.put("azure.authority-host", entra.authorityHost());
        settings.put("azure.instance-discovery", "false");
        settings.put("azure.tenant-id", "00000000-0000-4000-8000-00000000de50");
        settings.put("azure.client-id", "00000000-0000-4000-8000-00000000de51");
        settings.put("azure.client-secret", "demo-not-a-secret");
        settings.put("azure.workspace-id", logs.workspaceId());
        settings.put("plugins.sentinel-kql.endpoint", logs.endpoint());
        settings.put("plugins.sentinel-kql.load-schema", "false");
        settings.put("plugins.fetchurl.allow-hosts", DemoPages.HOST);
        settings.put("plugins.fetchurl.connect-to", DemoPages.HOST + ":80:127.0.0.1:" + pages.port());
        return settings;
    }

    /** @return the page the URL-to-detection investigation turns into a detection */
    public static String techniqueUrl() {
        return DemoPages.url(DemoPages.TECHNIQUE_PATH);
    }

    /** @return the optimisation guide of its last step */
    public static String guideUrl() {
        return DemoPages.url(DemoPages.GUIDE_PATH);
    }

    /**
     * What the screen says in a demo: that answers are recorded, and what to try.
     *
     * @return lines for the user, the first one the banner
     */
    public static List<String> banner() {
        return List.of(
                "DEMO: SecAI runs against a demo workspace and a recorded model inside this process. Answers are "
                        + "recorded demo answers, not a model's; nothing leaves this machine.",
                "Try: run incident-investigation IncidentNumber=" + INCIDENT,
                "Try: run url-to-detection Url=" + techniqueUrl() + " Behaviour=\"hidden inbox rules\" "
                        + "OptimizationGuide=" + guideUrl(),
                "Any other prompt is answered with what a real configuration needs (then: secai doctor).");
    }

    /** @return the fake model's calls so far, for tests */
    public int modelCalls() {
        return openAi.callCount();
    }

    /** @return the workspace's queries so far, for tests */
    public List<String> queries() {
        return logs.queries().stream().map(FakeLogAnalytics.RecordedQuery::query).toList();
    }

    @Override
    public void close() {
        try (entra; openAi; logs; pages) {
            // closes each, even when one fails
        }
    }
}
