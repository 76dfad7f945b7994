package io.secai.plugin.kql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.AccessToken;
import io.secai.api.Capability;
import io.secai.api.CommandContribution;
import io.secai.api.LlmClient;
import io.secai.api.PluginContext;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.ScriptedLlmClient;
import io.secai.testkit.plugin.TestPluginContext;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin's side of several workspaces: the planner's {@code workspace} input, {@code kql workspaces} and
 * {@code kql run --workspace}, an unknown workspace named in a plan, and the old key read with the new ones.
 */
class SeveralWorkspacesPluginTest {
    private static final String HOME_ID = "5e2c6a1f-0d1e-4c39-9a57-2b1f0c3d4e5f";
    private static final String EMEA_ID = "0b4c6a1f-0d1e-4c39-9a57-2b1f0c3d4e01";
    private static final String SOC_ID = "0b4c6a1f-0d1e-4c39-9a57-2b1f0c3d4e02";

    @TempDir
    Path dataDirectory;
    private FakeLogAnalytics fake;
    private SentinelKqlPlugin plugin;
    private PluginContext context;
    private final ScriptedLlmClient llm = new ScriptedLlmClient();
    private final TokenProvider tokens = scopes -> AccessToken.of("test-token", Instant.now().plusSeconds(3600));

    @BeforeAll
    static void trustTestCertificates() {
        TestTls.shared().installAsJvmDefault();
    }

    @BeforeEach
    void start() {
        LinkedHashMap<String, FakeWorkspace> workspaces = new LinkedHashMap<>();
        workspaces.put(HOME_ID, FakeWorkspace.empty().withTable("SecurityEvent", "TimeGenerated:datetime,"
                + " Account:string", List.of(List.of("2026-11-24T10:00:00Z", "HOME\\alice"))));
        workspaces.put(EMEA_ID, FakeWorkspace.empty().withTable("EmeaBadgeLog", "TimeGenerated:datetime,"
                + " Badge:string", List.of(List.of("2026-11-24T09:00:00Z", "B-17"))));
        fake = FakeLogAnalytics.start(workspaces);
        plugin = new SentinelKqlPlugin();
        context = TestPluginContext.builder().settings(Map.of(
                "azure.workspace-id", HOME_ID,
                "azure.workspaces.emea.id", EMEA_ID,
                "azure.workspaces.emea.subscription", "sub-emea",
                "plugins.sentinel-kql.workspaces.soc", SOC_ID,
                "azure.workspaces.\u0435vil.id", EMEA_ID,
                "plugins.sentinel-kql.endpoint", fake.endpoint(),
                "plugins.sentinel-kql.load-schema", "false",
                "plugins.sentinel-kql.http-retries", "0"))
                .client(TokenProvider.class, tokens).client(LlmClient.class, llm)
                .dataDirectory(dataDirectory).build();
        plugin.start(context);
    }

    @AfterEach
    void stop() {
        plugin.close();
        fake.close();
    }

    private int command(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) throws Exception {
        CommandContribution kql = plugin.commands().stream().filter(c -> c.name().equals("kql")).findFirst()
                .orElseThrow();
        return kql.handler().run(List.of(args), CommandContribution.CommandIO.of(
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), context));
    }

    @Test
    void thePlannerIsOfferedAWorkspaceInputNamingTheAliases() throws Exception {
        Capability run = plugin.capabilities().stream().filter(c -> c.name().equals("run-kql")).findFirst()
                .orElseThrow();
        assertThat(run.parameters()).singleElement().satisfies(parameter -> {
            assertThat(parameter.name()).isEqualTo("workspace");
            assertThat(parameter.required()).isFalse();
            assertThat(parameter.description()).contains("one of default, emea, soc", "the default, default")
                    .doesNotContain("\u0435");
        });

        SentinelKqlPlugin single = new SentinelKqlPlugin();
        single.start(TestPluginContext.builder().settings(Map.of("azure.workspace-id", HOME_ID))
                .dataDirectory(dataDirectory).build());
        assertThat(single.capabilities()).allSatisfy(c -> assertThat(c.parameters()).isEmpty());
    }

    @Test
    void withHundredsOfAliasesThePlannerSeesABoundedListAndAnyAliasStillResolves() {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("azure.workspace-id", HOME_ID,
                "plugins.sentinel-kql.endpoint", fake.endpoint(), "plugins.sentinel-kql.load-schema", "false"));
        for (int i = 0; i < 400; i++) {
            settings.put("azure.workspaces.customer-" + i + ".id", i == 399 ? EMEA_ID
                    : String.format("00000000-0000-0000-0000-%012d", i));
        }
        SentinelKqlPlugin many = new SentinelKqlPlugin();
        many.start(TestPluginContext.builder().settings(settings).client(TokenProvider.class, tokens)
                .dataDirectory(dataDirectory).build());
        String description = many.capabilities().get(0).parameters().get(0).description();
        assertThat(description).hasSizeLessThan(1200).contains("or another of the 401 configured aliases");
        llm.answer("{\"tables\":[\"EmeaBadgeLog\"],\"kql\":\"EmeaBadgeLog | take 1\","
                + "\"rationale\":\"r\",\"timespan\":\"P1D\"}");
        TaskResult result = many.run(Task.of("sentinel-kql", "run-kql", "badges", Map.of("workspace",
                "customer-399")), RecordingTaskContext.builder().client(LlmClient.class, llm)
                .client(TokenProvider.class, tokens).build());
        assertThat(result.status()).as(result.markdown()).isEqualTo(TaskResult.Status.SUCCEEDED);
        assertThat(fake.queries().get(fake.queries().size() - 1).workspaceId()).isEqualTo(EMEA_ID);
        many.close();
    }

    @Test
    void kqlWorkspacesListsTheAliasesTheDefaultFirstAndWhatWasSkipped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(command(out, err, "workspaces")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "default  " + HOME_ID + "  (default)  [azure.workspace-id]",
                "emea  " + EMEA_ID + "  subscription sub-emea  [azure.workspaces.emea]",
                "soc  " + SOC_ID + "  [plugins.sentinel-kql.workspaces.soc]");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Skipped: azure.workspaces.\\u0435vil: the alias"
                + " must be ASCII letters");

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        assertThat(command(json, new ByteArrayOutputStream(), "workspaces", "--format", "json")).isZero();
        JsonNode listed = new ObjectMapper().readTree(json.toByteArray());
        assertThat(listed.path("workspaces").get(0).path("default").asBoolean()).isTrue();
        assertThat(listed.path("workspaces").get(1).path("alias").asText()).isEqualTo("emea");
        assertThat(listed.path("problems")).hasSize(1);
    }

    @Test
    void kqlRunTakesTheWorkspaceByAliasAndSaysWhichRan() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command(out, err, "run", "--workspace", "emea", "--format", "json", "EmeaBadgeLog | take 1");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode answer = new ObjectMapper().readTree(out.toByteArray());
        assertThat(answer.path("workspace").asText()).isEqualTo(EMEA_ID);
        assertThat(answer.path("ran").asBoolean()).isTrue();
        assertThat(fake.queries().get(fake.queries().size() - 1).workspaceId()).isEqualTo(EMEA_ID);

        ByteArrayOutputStream refreshed = new ByteArrayOutputStream();
        int before = fake.queries().size();
        assertThat(command(refreshed, new ByteArrayOutputStream(), "schema", "refresh", "--workspace", "emea"))
                .isZero();
        assertThat(refreshed.toString(StandardCharsets.UTF_8)).contains("Workspace schema refreshed: 1 tables.");
        assertThat(fake.queries().subList(before, fake.queries().size()))
                .allSatisfy(query -> assertThat(query.workspaceId()).isEqualTo(EMEA_ID)).isNotEmpty();

        ByteArrayOutputStream home = new ByteArrayOutputStream();
        assertThat(command(home, new ByteArrayOutputStream(), "run", "--format", "json", "EmeaBadgeLog | take 1"))
                .isEqualTo(1);
        assertThat(new ObjectMapper().readTree(home.toByteArray()).path("refusals").get(0).path("message")
                .asText()).isEqualTo("unknown table 'EmeaBadgeLog'");
    }

    @Test
    void anUnknownWorkspaceInAPlanFailsTheTaskWithTheConfiguredOnesAndNothingRuns() {
        int before = fake.queries().size();
        TaskResult result = plugin.run(Task.of("sentinel-kql", "run-kql", "failed logons in apac",
                Map.of("workspace", "apac\u202e")), RecordingTaskContext.builder().client(LlmClient.class, llm)
                .client(TokenProvider.class, tokens).build());
        assertThat(result.status()).isEqualTo(TaskResult.Status.FAILED);
        assertThat(result.markdown()).contains("No workspace named 'apac\\u202e'", "default, emea, soc")
                .doesNotContain("\u202e");
        assertThat(fake.queries()).hasSize(before);
    }
}
