package io.secai.plugin.kql.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.AccessToken;
import io.secai.api.CommandContribution;
import io.secai.api.LlmClient;
import io.secai.api.TokenProvider;
import io.secai.engine.llm.AzureOpenAiClient;
import io.secai.engine.llm.OpenAiSettings;
import io.secai.plugin.kql.SentinelKqlPluginAccess;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.plugin.TestPluginContext;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code secai eval kql} end to end: the plugin's real KQL task with the engine's real Azure OpenAI client talking
 * HTTPS to the test kit's fake model, and the real Log Analytics client talking to the fake workspace.
 */
class EvalKqlCommandTest {
    private static final Pattern TASK = Pattern.compile("(?m)^Task: (.*)$");

    @TempDir
    Path dir;
    private FakeOpenAi model;
    private FakeLogAnalytics workspace;
    private final ObjectMapper json = new ObjectMapper();
    private TestPluginContext plugin;

    @BeforeAll
    static void trustTestCertificates() {
        TestTls.shared().installAsJvmDefault();
    }

    @AfterEach
    void stop() {
        if (model != null) {
            model.close();
        }
        if (workspace != null) {
            workspace.close();
        }
    }

    /** Starts the fakes; the model answers each KQL request with what {@code answers} gives for its question. */
    private CommandContribution eval(FakeWorkspace fixture, Function<String, String> answers) {
        model = FakeOpenAi.start();
        workspace = FakeLogAnalytics.start(fixture);
        model.respondWith(call -> {
            Matcher task = TASK.matcher(call.allText());
            String question = task.find() ? task.group(1).strip() : "";
            return Reply.text("{\"tables\":[],\"kql\":" + quote(answers.apply(question))
                    + ",\"rationale\":\"\",\"timespan\":\"P30D\"}");
        });
        TokenProvider tokens = scopes -> AccessToken.of("test-token", Instant.now().plusSeconds(3600));
        LlmClient llm = new AzureOpenAiClient(OpenAiSettings.of(model.endpoint(), "test-key", "gpt-test"), tokens);
        plugin = TestPluginContext.builder().settings(Map.of(
                        "azure.workspace-id", workspace.workspaceId(),
                        "plugins.sentinel-kql.endpoint", workspace.endpoint(),
                        "plugins.sentinel-kql.load-schema", "false",
                        "plugins.sentinel-kql.http-retries", "0"))
                .client(LlmClient.class, llm).client(TokenProvider.class, tokens)
                .dataDirectory(dir.resolve("data")).build();
        return SentinelKqlPluginAccess.command("eval", plugin);
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(CommandContribution command, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var io = CommandContribution.CommandIO.of(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                plugin);
        int code = command.handler().run(List.of(args), io);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void scoresEachQuestionAndResumesAnInterruptedRunWithoutAskingAgain() throws Exception {
        Path questions = dir.resolve("questions.jsonl");
        Files.writeString(questions, String.join("\n",
                "{\"question\": \"new incidents\", \"kql\": \"SecurityIncident | where Status == 'New'\"}",
                "{\"question\": \"sign-ins\", \"kql\": \"SigninLogs | project UserPrincipalName, IPAddress\"}",
                "",
                "{\"question\": \"alerts\", \"kql\": \"SecurityAlert | project AlertName\"}") + "\n");
        Map<String, String> written = Map.of(
                "new incidents", "SecurityIncident",
                "sign-ins", "SigninLogs | project UserPrincipalName, IPAddress, AppDisplayName",
                "alerts", "AuditLogs | project OperationName");
        CommandContribution command = eval(FakeWorkspace.fromResource("/fake-workspace.json", getClass()),
                written::get);

        Run first = run(command, "kql", questions.toString(), "--limit", "2", "--concurrency", "2");

        assertThat(first.code()).as(first.err()).isZero();
        int callsAfterFirst = model.callCount();
        assertThat(callsAfterFirst).isEqualTo(2);
        assertThat(first.err()).contains("[##############################] 2/2");
        assertThat(first.out()).contains("line  tables guard ran  jaccard calls  tokens      ms  question")
                .contains("2 questions: gold tables read 1.000, guard-valid 1.000, ran 1.000");

        Run resumed = run(command, "kql", questions.toString(), "--resume");

        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("Resuming: 2 of 3 questions already scored.");
        assertThat(model.callCount() - callsAfterFirst).as("only the third question goes to the model").isEqualTo(1);
        JsonNode results = json.readTree(dir.resolve("questions.eval.json").toFile());
        assertThat(results.path("summary").path("questions").asInt()).isEqualTo(3);
        JsonNode records = results.path("questions");
        assertThat(records).hasSize(3);
        JsonNode incidents = records.get(0);
        assertThat(incidents.path("line").asInt()).isEqualTo(1);
        assertThat(incidents.path("tablesOk").asBoolean()).isTrue();
        assertThat(incidents.path("executed").asBoolean()).isTrue();
        // SecAI's query returns both incidents, the gold only the new one: the shared columns overlap by one of two.
        assertThat(incidents.path("resultJaccard").asDouble()).isBetween(0.0, 1.0);
        assertThat(incidents.path("modelCalls").asInt()).isEqualTo(1);
        assertThat(incidents.path("tokens").asLong()).isPositive();
        JsonNode signins = records.get(1);
        assertThat(signins.path("resultJaccard").asDouble()).isEqualTo(1.0);
        JsonNode alerts = records.get(2);
        assertThat(alerts.path("line").asInt()).isEqualTo(4);
        assertThat(alerts.path("goldTables")).extracting(JsonNode::asText).containsExactly("SecurityAlert");
        assertThat(alerts.path("usedTables")).extracting(JsonNode::asText).containsExactly("AuditLogs");
        assertThat(alerts.path("tablesOk").asBoolean()).isFalse();
        assertThat(Files.readAllLines(dir.resolve("questions.eval.jsonl"))).hasSize(3);
    }

    @Test
    void refusesABadLineWithItsNumberAndAConcurrencyAboveTheServiceLimit() throws Exception {
        Path questions = dir.resolve("bad.jsonl");
        Files.writeString(questions, "{\"question\": \"ok\", \"kql\": \"SigninLogs\"}\n{\"question\": \"no kql\"}\n");
        CommandContribution command = eval(FakeWorkspace.fromResource("/fake-workspace.json", getClass()), q -> "x");

        Run bad = run(command, "kql", questions.toString());
        Run tooMany = run(command, "kql", questions.toString(), "--concurrency", "9");

        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("line 2 needs \"question\" and \"kql\" text");
        assertThat(tooMany.code()).isEqualTo(1);
        assertThat(tooMany.err()).contains("--concurrency must be 1 to 5");
        assertThat(model.callCount()).isZero();
    }

    @Test
    void evaluatesTheDefenderSetAgainstTheFakesAndResumes() throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("SECAI_SHARED_DATA",
                Path.of(System.getProperty("secai.root", ".."), "..", "shared", "data").toString()))
                .resolve("nl2kql-defender");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(data.resolve("Defender_Evaluation.jsonl")),
                "the NL2KQL Defender set is not at " + data);
        io.secai.kql.schema.WorkspaceSchema schema = new io.secai.kql.schema.SchemaFiles(json)
                .read(data.resolve("Defender_Schema.json"), java.util.Optional.empty());
        FakeWorkspace fixture = FakeWorkspace.empty();
        for (var table : schema.tables().values()) {
            fixture = fixture.withTable(table.name(), table.columnsAsCsl(), List.of());
        }
        Path questions = dir.resolve("defender.jsonl");
        Map<String, String> gold = new java.util.LinkedHashMap<>();
        List<String> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("Defender_Evaluation.jsonl"))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line);
            String question = node.path("context").asText().strip().replaceAll("\\s+", " ");
            gold.putIfAbsent(question, node.path("baseline").asText());
            lines.add(json.writeValueAsString(Map.of("question", question, "kql", node.path("baseline").asText())));
        }
        Files.write(questions, lines);
        // The model writes the gold query itself: every difference in the scores is then the pipeline's own.
        CommandContribution command = eval(fixture, question -> gold.getOrDefault(question, "DeviceInfo"));

        Run first = run(command, "kql", questions.toString(), "--limit", "100", "--concurrency", "4");
        int callsAfterFirst = model.callCount();
        Run resumed = run(command, "kql", questions.toString(), "--resume", "--concurrency", "4");

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("Resuming: 100 of " + lines.size() + " questions already scored.");
        JsonNode results = json.readTree(dir.resolve("defender.eval.json").toFile());
        JsonNode records = results.path("questions");
        assertThat(records).hasSize(lines.size());
        long secondRunCalls = 0;
        for (JsonNode record : records) {
            assertThat(record.path("tablesOk").asBoolean()).as(record.toString()).isTrue();
            if (record.path("line").asInt() > 100) {
                secondRunCalls += record.path("modelCalls").asLong();
            }
            if (record.path("executed").asBoolean() && record.path("resultJaccard").asDouble() >= 0) {
                assertThat(record.path("resultJaccard").asDouble()).as(record.toString()).isEqualTo(1.0);
            }
        }
        assertThat(model.callCount() - callsAfterFirst).as("the resumed run asks only for the rest")
                .isEqualTo((int) secondRunCalls);
        assertThat(results.path("summary").path("guardValid").asDouble()).isGreaterThan(0.9);
        assertThat(resumed.out()).contains(lines.size() + " questions: gold tables read 1.000");
    }
}
