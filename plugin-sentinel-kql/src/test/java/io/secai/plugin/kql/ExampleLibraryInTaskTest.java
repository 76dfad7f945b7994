package io.secai.plugin.kql;

import io.secai.api.AccessToken;
import io.secai.api.Artifact;
import io.secai.api.CommandContribution;
import io.secai.api.LlmClient;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured example library in a real KQL task and in {@code secai kql examples}. */
class ExampleLibraryInTaskTest {
    @TempDir
    Path dir;
    private FakeLogAnalytics fake;
    private SentinelKqlPlugin plugin;
    private TestPluginContext pluginContext;
    private final ScriptedLlmClient llm = ScriptedLlmClient.alwaysAnswering(
            "{\"tables\":[\"SigninLogs\"],\"kql\":\"SigninLogs | take 5\",\"rationale\":\"r\",\"timespan\":\"P1D\"}");

    @BeforeAll
    static void trustTestCertificates() {
        TestTls.shared().installAsJvmDefault();
    }

    @BeforeEach
    void start() throws Exception {
        Path library = Files.createDirectories(dir.resolve("library"));
        Files.writeString(library.resolve("spray.kql"), """
                // Password spray from one address
                // Many accounts failing to sign in from the same IP.
                SigninLogs
                | where ResultType == "50126"
                | summarize Accounts = dcount(UserPrincipalName) by IPAddress
                """);
        Files.writeString(library.resolve("aws.kql"), "// AWS root use\nAWSCloudTrail | where EventName != \"\"\n");
        fake = FakeLogAnalytics.start(FakeWorkspace.fromResource("/fake-workspace.json", getClass()));
        pluginContext = TestPluginContext.builder().settings(Map.of(
                "azure.workspace-id", fake.workspaceId(),
                "plugins.sentinel-kql.endpoint", fake.endpoint(),
                "plugins.sentinel-kql.load-schema", "false",
                "plugins.sentinel-kql.http-retries", "0",
                "plugins.sentinel-kql.library", library.toString()))
                .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600)))
                .dataDirectory(dir.resolve("data")).build();
        plugin = new SentinelKqlPlugin();
        plugin.start(pluginContext);
    }

    @AfterEach
    void stop() {
        plugin.close();
        fake.close();
    }

    @Test
    void showsTheClosestRunnableExamplesToTheModelAndNamesThemInTheEvidence() {
        RecordingTaskContext context = RecordingTaskContext.builder().client(LlmClient.class, llm)
                .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600))).build();

        TaskResult result = plugin.run(Task.of("sentinel-kql", "run-kql", "password spray sign-ins from one IP"),
                context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        String prompt = llm.lastRequest().messages().get(1).content();
        assertThat(prompt).contains("Known-good queries from the analysts' library")
                .containsPattern("<<<UNTRUSTED [0-9a-f]{32} query library>>>\\n// Password spray from one address")
                .contains("dcount(UserPrincipalName) by IPAddress")
                // The workspace has no AWSCloudTrail table: that example can never be shown.
                .doesNotContain("AWSCloudTrail");
        assertThat(context.artifacts()).contains(Artifact.of(Artifact.Kind.OTHER, "Library examples used",
                "spray.kql"));
    }

    @Test
    void aLibraryEntryThatIsNotAPathDoesNotStopThePluginAndTheOtherFoldersServe() {
        plugin.close();
        plugin = new SentinelKqlPlugin();
        plugin.start(TestPluginContext.builder().settings(Map.of(
                        "azure.workspace-id", fake.workspaceId(),
                        "plugins.sentinel-kql.endpoint", fake.endpoint(),
                        "plugins.sentinel-kql.load-schema", "false",
                        "plugins.sentinel-kql.http-retries", "0",
                        "plugins.sentinel-kql.library", "nul\u0000here, " + dir.resolve("library")))
                .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600)))
                .dataDirectory(dir.resolve("data")).build());
        RecordingTaskContext context = RecordingTaskContext.builder().client(LlmClient.class, llm)
                .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600))).build();

        TaskResult result = plugin.run(Task.of("sentinel-kql", "run-kql", "password spray sign-ins from one IP"),
                context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(context.artifacts()).contains(Artifact.of(Artifact.Kind.OTHER, "Library examples used",
                "spray.kql"));
        // What was skipped is in that task's progress, where the analyst sees it, not only in the log.
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line)
                .startsWith("Example library: plugins.sentinel-kql.library entry 'nul?here' is not a path ("));
    }

    @Test
    void aLibraryFileThatCannotBeReadIsNamedInTheNextTasksProgressOnce() throws Exception {
        Files.write(dir.resolve("library").resolve("broken.kql"), new byte[] {'/', '/', ' ', (byte) 0xC3, '(',
                '\n', 'S', 'i', 'g'});
        RecordingTaskContext first = RecordingTaskContext.builder().client(LlmClient.class, llm)
                .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600))).build();
        RecordingTaskContext second = RecordingTaskContext.builder().client(LlmClient.class, llm)
                .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600))).build();

        TaskResult result = plugin.run(Task.of("sentinel-kql", "run-kql", "password spray sign-ins from one IP"),
                first);
        plugin.run(Task.of("sentinel-kql", "run-kql", "password spray sign-ins from one IP"), second);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(first.progressLines()).anySatisfy(line -> assertThat(line).startsWith("Example library: ")
                .contains("broken.kql"));
        assertThat(second.progressLines()).noneSatisfy(line -> assertThat(line).startsWith("Example library: "));
    }

    @Test
    void examplesCommandPrintsThePickForAQuestion() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandContribution kql = plugin.commands().stream().filter(c -> c.name().equals("kql")).findFirst()
                .orElseThrow();

        int code = kql.handler().run(List.of("examples", "password", "spray"), CommandContribution.CommandIO.of(
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), pluginContext));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("1 examples usable on this workspace (1 refused by the guard")
                .contains("1. Password spray from one address  (spray.kql; reads SigninLogs;")
                .contains("   | summarize Accounts = dcount(UserPrincipalName) by IPAddress")
                .containsPattern("Tables read by the \\d+ nearest examples \\(vote 0-1, added to the shortlist score"
                        + " x [0-9.]+\\): SigninLogs 1\\.00\\n");
    }

    @Test
    void theNearestExamplesVoteATableTheQuestionsWordsMissOntoTheShortlist() throws Exception {
        Path library = Files.createDirectories(dir.resolve("votes"));
        Files.writeString(library.resolve("silenced.kql"), """
                // Who silenced the tracing
                // Someone turned the recording off to hide what came next.
                SecurityAlert
                | where AlertName has "tampering"
                """);
        String question = "who silenced the tracing last night";

        assertThat(tablesConsidered(question, Map.of())).as("without a library").doesNotContain("SecurityAlert");
        RecordingTaskContext context = runWithShortlistOfOne(question,
                Map.of("plugins.sentinel-kql.library", library.toString()));

        assertThat(context.progressLines()).contains("Tables considered: SecurityAlert")
                .contains("Tables read by the nearest library examples: SecurityAlert 1.00 (silenced.kql)");
        assertThat(context.artifacts()).contains(Artifact.of(Artifact.Kind.OTHER, "Library table votes",
                "SecurityAlert 1.00 (silenced.kql)"));
    }

    private String tablesConsidered(String question, Map<String, String> extra) throws Exception {
        return runWithShortlistOfOne(question, extra).progressLines().stream()
                .filter(l -> l.startsWith("Tables considered: ")).findFirst().orElseThrow();
    }

    /** A second plugin on the same fake, showing the model one table only. */
    private RecordingTaskContext runWithShortlistOfOne(String question, Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "azure.workspace-id", fake.workspaceId(),
                "plugins.sentinel-kql.endpoint", fake.endpoint(),
                "plugins.sentinel-kql.load-schema", "false",
                "plugins.sentinel-kql.http-retries", "0",
                "plugins.sentinel-kql.shortlist-size", "1"));
        settings.putAll(extra);
        TestPluginContext oneTable = TestPluginContext.builder().settings(settings)
                .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600)))
                .dataDirectory(dir.resolve("data-" + extra.size())).build();
        SentinelKqlPlugin other = new SentinelKqlPlugin();
        other.start(oneTable);
        try {
            RecordingTaskContext context = RecordingTaskContext.builder().client(LlmClient.class, llm)
                    .client(TokenProvider.class, scopes -> AccessToken.of("t", Instant.now().plusSeconds(3600)))
                    .build();
            TaskResult result = other.run(Task.of("sentinel-kql", "run-kql", question), context);
            assertThat(result.succeeded()).as(result.markdown()).isTrue();
            return context;
        } finally {
            other.close();
        }
    }
}
