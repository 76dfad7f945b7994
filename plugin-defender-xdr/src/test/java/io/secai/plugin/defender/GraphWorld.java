package io.secai.plugin.defender;

import io.secai.api.AccessToken;
import io.secai.api.LlmClient;
import io.secai.api.SessionContext;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.testkit.graph.FakeGraph;
import io.secai.testkit.graph.SecurityData;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.TestPluginContext;
import io.secai.testkit.tls.TestTls;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The plugin started against a {@link FakeGraph} over HTTPS, with a token provider that records its scopes. */
final class GraphWorld implements AutoCloseable {
    final FakeGraph graph;
    final DefenderXdrPlugin plugin;
    final List<Set<String>> scopes = new CopyOnWriteArrayList<>();
    private final TokenProvider tokens = requested -> {
        scopes.add(requested);
        return AccessToken.of("graph-test-token", Instant.now().plusSeconds(3600));
    };

    GraphWorld(Path dataDir, Map<String, String> extraSettings) {
        this(dataDir, extraSettings, new DefenderXdrPlugin());
    }

    GraphWorld(Path dataDir, Map<String, String> extraSettings, DefenderXdrPlugin plugin) {
        this.plugin = plugin;
        TestTls.shared().installAsJvmDefault();
        graph = FakeGraph.start();
        Map<String, String> settings = new HashMap<>(Map.of("plugins.defender-xdr.graph-url", graph.baseUrl(),
                "plugins.defender-xdr.throttle-budget", "10s"));
        settings.putAll(extraSettings);
        plugin.start(TestPluginContext.builder().settings(settings).dataDirectory(dataDir).build());
    }

    /** Three incidents; 2972395 has two alerts with user, device, IP, file and mailbox evidence. */
    GraphWorld withIncidents() {
        graph.incident(SecurityData.incident("2972395", "Multi-stage incident involving Initial access on one"
                        + " endpoint", "high", "active", "2026-11-30T08:00:00Z", "analyst@contoso.com"))
                .incident(SecurityData.incident("2972396", "Suspicious sign-ins", "medium", "active",
                        "2026-11-29T08:00:00Z", null))
                .incident(SecurityData.incident("2972300", "Old resolved incident", "high", "resolved",
                        "2026-10-01T08:00:00Z", "analyst@contoso.com"))
                .alert(SecurityData.alert("da6375_1", "2972395", "Phishing email delivered", "high",
                        "microsoftDefenderForOffice365", "2026-11-30T08:00:00Z", List.of(
                                SecurityData.mailboxEvidence("megan@contoso.com"),
                                SecurityData.userEvidence("megan@contoso.com"),
                                SecurityData.ipEvidence("203.0.113.7", "NL"))))
                .alert(SecurityData.alert("da6375_2", "2972395", "Suspicious process on endpoint", "medium",
                        "microsoftDefenderForEndpoint", "2026-11-30T08:05:00Z", List.of(
                                SecurityData.deviceEvidence("ws-0042.contoso.com",
                                        "73e7e2de709dff64ef64b1d0c30e67fab63279db"),
                                SecurityData.fileEvidence("invoice.exe",
                                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                                SecurityData.userEvidence("adele@contoso.com"))));
        return this;
    }

    TaskResult run(String capability, String instruction, Map<String, String> inputs) {
        return run(capability, instruction, inputs, context(null));
    }

    TaskResult run(String capability, String instruction, Map<String, String> inputs, RecordingTaskContext context) {
        return plugin.run(Task.of("defender-xdr", capability, instruction, inputs), context);
    }

    RecordingTaskContext context(LlmClient llm) {
        return context(llm, RecordingTaskContext.EMPTY_SESSION);
    }

    RecordingTaskContext context(LlmClient llm, SessionContext session) {
        RecordingTaskContext.Builder builder = RecordingTaskContext.builder().session(session)
                .client(TokenProvider.class, tokens);
        if (llm != null) {
            builder.client(LlmClient.class, llm);
        }
        return builder.build();
    }

    @Override
    public void close() {
        plugin.close();
        graph.close();
    }
}
