package io.secai.terminal.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.api.Artifact;
import io.secai.engine.Engine;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;

/**
 * Several Log Analytics workspaces, end to end: the real engine, the Sentinel plugin loaded as a jar from
 * plugins-dir, the fake model, and one fake Log Analytics endpoint serving two workspace ids with different tables.
 * The model plans with the workspace the prompt names (the capability's {@code workspace} input); the query must
 * reach that workspace, the evidence must name it, its own schema must decide which tables exist, and a
 * {@code workspace()} reference must pass the guard only when allowed and only to a configured workspace.
 */
class SeveralWorkspacesTest {
    private static final String HOME_ID = "5e2c6a1f-0d1e-4c39-9a57-2b1f0c3d4e5f";
    private static final String EMEA_ID = "0b4c6a1f-0d1e-4c39-9a57-2b1f0c3d4e01";

    @TempDir
    Path dir;

    private EngineFixture fixture;
    private FakeLogAnalytics logs;
    private Engine engine;
    /** The KQL the fake model writes next. */
    private final AtomicReference<String> kql = new AtomicReference<>("");

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(dir);
        LinkedHashMap<String, FakeWorkspace> workspaces = new LinkedHashMap<>();
        workspaces.put(HOME_ID, FakeWorkspace.empty()
                .withTable("SecurityEvent", "TimeGenerated:datetime, Account:string, EventID:int",
                        List.of(List.of("2026-11-24T10:00:00Z", "HOME\\alice", 4625))));
        workspaces.put(EMEA_ID, FakeWorkspace.empty()
                .withTable("SecurityEvent", "TimeGenerated:datetime, Account:string, EventID:int",
                        List.of(List.of("2026-11-24T11:00:00Z", "EMEA\\bob", 4625),
                                List.of("2026-11-24T11:05:00Z", "EMEA\\carol", 4625)))
                .withTable("EmeaBadgeLog", "TimeGenerated:datetime, Badge:string, Site:string",
                        List.of(List.of("2026-11-24T09:00:00Z", "B-17", "Paris"))));
        logs = FakeLogAnalytics.start(workspaces);
        fixture.openAi().respondWith(this::model);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        logs.close();
        fixture.close();
    }

    private Engine engine(Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "azure.workspace-id", HOME_ID,
                "azure.workspaces.emea.id", EMEA_ID,
                "azure.workspaces.emea.name", "law-emea-prod",
                "plugins.sentinel-kql.endpoint", logs.endpoint()));
        settings.putAll(more);
        engine = fixture.start(dir, settings);
        return engine;
    }

    /**
     * The fake model: the planner picks run-kql and, when the request names "the emea workspace" and the capability
     * offers the input, passes it; the KQL call gets {@link #kql}.
     */
    private Reply model(ChatCall call) {
        String schema = call.schemaName().orElse("");
        if (schema.equals("secai_plan")) {
            String asked = PromptInjection.blocks(call.lastUserText()).stream()
                    .filter(block -> block.source().equals("request")).findFirst().orElseThrow().content().strip();
            boolean offered = call.allText().contains("\"workspace\"") || call.allText().contains("workspace:")
                    || call.allText().contains("workspace (");
            String inputs = asked.contains("emea workspace") && offered
                    ? "[{\"name\":\"workspace\",\"value\":\"emea\"}]" : "[]";
            return Reply.text("{\"tasks\":[{\"plugin\":\"sentinel-kql\",\"capability\":\"run-kql\","
                    + "\"instruction\":\"" + asked.replace("\"", "'") + "\",\"inputs\":" + inputs + "}]}");
        }
        if (schema.equals("kql_query")) {
            return Reply.text("{\"tables\":[],\"kql\":\"" + kql.get().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\",\"rationale\":\"as asked\",\"timespan\":\"P1D\"}");
        }
        return Reply.text("ok");
    }

    private PromptOutcome ask(String prompt) throws Exception {
        String session = engine.sessions().create("analyst").id();
        return engine.submit(session, prompt, ProgressListener.NONE).outcome().get(60, TimeUnit.SECONDS);
    }

    /** The data queries (not the schema reads) that reached the fake. */
    private List<FakeLogAnalytics.RecordedQuery> dataQueries() {
        return logs.queries().stream().filter(query -> !query.query().contains("getschema")
                && !query.query().contains("withsource")).toList();
    }

    private static List<String> evidence(PromptOutcome outcome, String label) {
        return outcome.tasks().get(0).result().artifacts().stream().filter(a -> a.label().equals(label))
                .map(Artifact::value).toList();
    }

    @Test
    void aPromptNamingTheSecondWorkspaceRunsThereAndTheEvidenceNamesIt() throws Exception {
        engine(Map.of());
        kql.set("SecurityEvent | where EventID == 4625");

        PromptOutcome outcome = ask("show me the failed logons in the emea workspace");

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(outcome.plan().get(0).inputs()).containsEntry("workspace", "emea");
        assertThat(dataQueries()).singleElement().satisfies(query -> {
            assertThat(query.workspaceId()).isEqualTo(EMEA_ID);
            assertThat(query.query()).startsWith("SecurityEvent | where EventID == 4625");
        });
        assertThat(logs.queries()).allSatisfy(query -> assertThat(query.workspaceId()).isEqualTo(EMEA_ID));
        assertThat(evidence(outcome, "Workspace")).containsExactly("emea (" + EMEA_ID + ")");
        assertThat(outcome.tasks().get(0).result().table().orElseThrow().rows()).hasSize(2);

        // The same question without a workspace goes to the default one, and says so.
        PromptOutcome home = ask("show me the failed logons");
        assertThat(home.status()).as(home.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(dataQueries().get(dataQueries().size() - 1).workspaceId()).isEqualTo(HOME_ID);
        assertThat(evidence(home, "Workspace")).containsExactly("default (" + HOME_ID + ")");
        assertThat(home.tasks().get(0).result().table().orElseThrow().rows()).hasSize(1);
    }

    @Test
    void eachWorkspaceHasItsOwnSchemaAndCache() throws Exception {
        engine(Map.of());
        kql.set("EmeaBadgeLog | where Site == 'Paris'");

        PromptOutcome emea = ask("which badges were used in Paris in the emea workspace");
        assertThat(emea.status()).as(emea.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(dataQueries()).singleElement().extracting(FakeLogAnalytics.RecordedQuery::workspaceId)
                .isEqualTo(EMEA_ID);

        PromptOutcome home = ask("which badges were used in Paris");
        assertThat(home.status()).isEqualTo(PromptOutcome.Status.FAILED);
        assertThat(home.tasks().get(0).result().markdown()).contains("failed the guard",
                "unknown table 'EmeaBadgeLog'");
        assertThat(dataQueries()).hasSize(1);
        // One schema cache per workspace, in the plugin's data folder, named by the workspace id.
        try (var files = java.nio.file.Files.walk(fixture.dataDir())) {
            assertThat(files.filter(java.nio.file.Files::isDirectory).map(path -> path.getFileName().toString()))
                    .contains(EMEA_ID, HOME_ID);
        }
    }

    @Test
    void aCrossWorkspaceQueryIsRefusedWhileTheSettingIsOff() throws Exception {
        engine(Map.of());
        kql.set("union SecurityEvent, workspace('emea').SecurityEvent | where EventID == 4625");

        PromptOutcome outcome = ask("failed logons across our workspaces");

        assertThat(outcome.status()).isEqualTo(PromptOutcome.Status.FAILED);
        assertThat(outcome.tasks().get(0).result().markdown()).contains("configured workspace 'emea'",
                "plugins.sentinel-kql.allow-cross-workspace = true");
        assertThat(dataQueries()).isEmpty();
    }

    @Test
    void aCrossWorkspaceQueryRunsWhenAllowedOnlyBetweenConfiguredWorkspaces() throws Exception {
        engine(Map.of("plugins.sentinel-kql.allow-cross-workspace", "true"));
        kql.set("union SecurityEvent, workspace('law-emea-prod').SecurityEvent | where EventID == 4625");

        PromptOutcome outcome = ask("failed logons across our workspaces");

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(dataQueries()).singleElement().satisfies(query -> {
            assertThat(query.workspaceId()).isEqualTo(HOME_ID);
            // Log Analytics resolves workspace() by name or id, never by SecAI's alias: the id is what runs.
            assertThat(query.query()).startsWith("union SecurityEvent, workspace(\"" + EMEA_ID
                    + "\").SecurityEvent | where EventID == 4625");
        });
        assertThat(outcome.tasks().get(0).result().table().orElseThrow().rows()).hasSize(3);

        kql.set("union SecurityEvent, workspace('apac').SecurityEvent | where EventID == 4625");
        PromptOutcome unknown = ask("failed logons across our workspaces");
        assertThat(unknown.status()).isEqualTo(PromptOutcome.Status.FAILED);
        assertThat(unknown.tasks().get(0).result().markdown()).contains("\"apac\", which is not a configured"
                + " workspace (configured: default, emea)");

        kql.set("union SecurityEvent, workspace(strcat('em', 'ea')).SecurityEvent");
        assertThat(ask("failed logons across our workspaces").tasks().get(0).result().markdown())
                .contains("one plain string literal");
        kql.set("union SecurityEvent, app('emea').requests");
        assertThat(ask("failed logons across our workspaces").tasks().get(0).result().markdown())
                .contains("'app()' refers to data outside this workspace", "no setting allows it");
        assertThat(dataQueries()).hasSize(1);
    }
}
