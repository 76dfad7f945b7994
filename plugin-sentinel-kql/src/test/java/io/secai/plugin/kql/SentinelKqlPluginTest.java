package io.secai.plugin.kql;

import io.secai.api.AccessToken;
import io.secai.api.Artifact;
import io.secai.api.LlmClient;
import io.secai.api.SessionContext;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeLogAnalytics.Reply;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin end to end: the real azure-monitor-query client against the HTTPS fake workspace built from this
 * module's own fixture, and the test kit's scripted model. The model is the one boundary these tests cannot run for
 * real (the engine's Azure OpenAI client is tested against its fake elsewhere), and the plugin sees only the
 * {@code io.secai.api} interface, so a scripted implementation of it lets the tests assert what the plugin sent to
 * the model and what it did with the answers.
 */
class SentinelKqlPluginTest {
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern UPN = Pattern.compile("[a-z]+@contoso\\.com");

    @TempDir
    Path dataDirectory;
    private FakeLogAnalytics fake;
    private SentinelKqlPlugin plugin;
    private final ScriptedLlmClient llm = new ScriptedLlmClient();
    private final TokenProvider tokens = scopes -> AccessToken.of("test-token", Instant.now().plusSeconds(3600));
    private final List<SessionContext.Turn> window = new ArrayList<>();

    @BeforeAll
    static void trustTestCertificates() {
        TestTls.shared().installAsJvmDefault();
    }

    @BeforeEach
    void start() {
        fake = FakeLogAnalytics.start(FakeWorkspace.fromResource("/fake-workspace.json", getClass()));
        plugin = new SentinelKqlPlugin();
        plugin.start(TestPluginContext.builder().settings(Map.of(
                "azure.workspace-id", fake.workspaceId(),
                "plugins.sentinel-kql.endpoint", fake.endpoint(),
                "plugins.sentinel-kql.load-schema", "false",
                "plugins.sentinel-kql.http-retries", "0")).dataDirectory(dataDirectory).build());
    }

    @AfterEach
    void stop() {
        plugin.close();
        fake.close();
    }

    private TaskResult ask(String prompt, RecordingTaskContext context) {
        Task task = Task.of("sentinel-kql", "run-kql", prompt);
        TaskResult result = plugin.run(task, context);
        window.add(SessionContext.Turn.of(prompt, List.of(SessionContext.TaskRecord.of(task, result)),
                Instant.now()));
        return result;
    }

    private RecordingTaskContext context() {
        return RecordingTaskContext.builder().session(SessionContext.of("s1", window, List.of()))
                .client(LlmClient.class, llm).client(TokenProvider.class, tokens).build();
    }

    /** A JSON answer in the plugin's schema. */
    private static String kql(String kql, String rationale, String timespan) {
        return "{\"tables\":[],\"kql\":" + quote(kql) + ",\"rationale\":" + quote(rationale) + ",\"timespan\":"
                + quote(timespan) + "}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private List<List<Object>> fixtureRows(String table) {
        List<List<Object>> rows = new ArrayList<>();
        for (List<Object> row : fake.workspace().table(table).orElseThrow().rows()) {
            List<Object> typed = new ArrayList<>();
            row.forEach(v -> typed.add(v instanceof Integer i ? Long.valueOf(i) : v));
            rows.add(typed);
        }
        return rows;
    }

    @Test
    void investigatesAnIncidentAcrossFourPromptsReusingEarlierValues() {
        llm.answer(kql("SecurityIncident\n| where Status == \"New\"\n"
                        + "| summarize arg_max(TimeGenerated, *) by IncidentNumber\n"
                        + "| project IncidentNumber, Title, Severity, Status, CreatedTime, IncidentUrl",
                "Latest entry per new incident.", "P30D"))
            .answer(kql("SecurityIncident | where IncidentNumber == 4113"
                        + " | summarize arg_max(TimeGenerated, *) by IncidentNumber"
                        + " | project IncidentNumber, Title, Severity, Status, CreatedTime, AlertIds",
                "Last instance of incident 4113.", "P30D"))
            .answer(request -> {
                Set<String> alertIds = new LinkedHashSet<>();
                Matcher guid = GUID.matcher(ScriptedLlmClient.text(request));
                while (guid.find()) {
                    alertIds.add(guid.group());
                }
                return kql("SecurityAlert | where SystemAlertId in (\"" + String.join("\", \"", alertIds)
                        + "\") | project SystemAlertId, AlertName, Description, Entities, CompromisedEntity",
                        "Alerts of incident 4113.", "");
            })
            .answer(request -> {
                Set<String> users = new LinkedHashSet<>();
                Matcher upn = UPN.matcher(ScriptedLlmClient.text(request).split("Task:")[0]);
                while (upn.find()) {
                    users.add(upn.group());
                }
                return kql("SigninLogs | where TimeGenerated > ago(24h) | where UserPrincipalName in (\""
                        + String.join("\", \"", users) + "\")", "Sign-ins of the alerts' users.", "PT24H");
            });

        RecordingTaskContext first = context();
        TaskResult incidents = ask("Show me the list incidents with status New in Sentinel for the last 30 days."
                + " Show me the incident number, title and severity. Make sure you only show me the last entry for"
                + " each incident.", first);
        TaskResult incident = ask("Show me main details of the last instance of incident number 4113. Limit the"
                + " results to 6 more important fields and include the list related of Alert IDs", context());
        TaskResult alerts = ask("Use the AlertIds from previous incident get the relevant details of the above"
                + " security alerts. Include the description and the related entities", context());
        TaskResult signins = ask("Get the signin logs in the last 24 hours for the users included in the previous"
                + " alerts", context());

        for (TaskResult result : List.of(incidents, incident, alerts, signins)) {
            assertThat(result.succeeded()).as(result.markdown()).isTrue();
        }
        assertThat(incidents.table().orElseThrow().rows()).isEqualTo(fixtureRows("SecurityIncident"));
        assertThat(alerts.table().orElseThrow().rows()).isEqualTo(fixtureRows("SecurityAlert"));
        assertThat(signins.table().orElseThrow().rows()).isEqualTo(fixtureRows("SigninLogs"));
        assertThat(incidents.markdown()).isEqualTo("Latest entry per new incident. 2 rows.");

        List<FakeLogAnalytics.RecordedQuery> dataQueries = fake.queries().stream()
                .filter(q -> !q.query().contains("getschema") && !q.query().startsWith("union withsource")).toList();
        assertThat(dataQueries).hasSize(4);
        assertThat(dataQueries.get(2).query()).contains("a1f0c2d4-1111-4c0e-9c77-0d2f6e8b1a01",
                "b2e1d3c5-2222-4d1f-8d88-1e3a7f9c2b02").endsWith("\n| take 100");
        assertThat(dataQueries.get(3).query()).contains("\"alice@contoso.com\", \"bob@contoso.com\"");
        assertThat(dataQueries.get(3).timespan()).contains("PT24H");
        assertThat(dataQueries.get(0).timespan()).contains("PT720H");

        assertThat(first.artifacts()).singleElement().extracting(Artifact::kind).isEqualTo(Artifact.Kind.QUERY);
        assertThat(incidents.artifacts()).extracting(Artifact::kind)
                .containsExactly(Artifact.Kind.QUERY, Artifact.Kind.TIMESPAN);
        assertThat(first.progressLines()).anyMatch(p -> p.startsWith("Reading the workspace's tables"))
                .anyMatch(p -> p.startsWith("Running KQL on Log Analytics (attempt 1"));
        assertThat(llm.requests()).hasSize(4);
        assertThat(incidents.contextText()).hasValueSatisfying(text -> assertThat(text).contains(
                "IncidentNumber,Title", "4113,Multi-stage attack on contoso-dc01"));
        assertThat(dataDirectory.resolve(fake.workspaceId()).resolve("schema.json")).exists();
    }

    @Test
    void repairsAQueryTheServiceRejects() {
        fake.when(q -> q.contains("order by count_ asc nulls"),
                r -> Reply.syntaxError("Query could not be parsed at 'nulls' on line [1,80]"));
        llm.answer(kql("SecurityIncident | summarize count() by Severity | order by count_ asc nulls",
                        "Incidents by severity.", "P7D"))
            .answer(kql("SecurityIncident | summarize count() by Severity | order by count_ asc",
                        "Incidents by severity.", "P7D"));
        RecordingTaskContext context = context();

        TaskResult result = ask("How many incidents per severity in the last week?", context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(ScriptedLlmClient.text(llm.requests().get(1))).contains("Query could not be parsed at 'nulls'");
        assertThat(context.progressLines()).anyMatch(p -> p.contains("repair 1 of 2"));
        assertThat(context.artifacts()).extracting(Artifact::label).containsExactly("KQL", "KQL, attempt 2");
    }

    @Test
    void guardFailureGoesBackOnceThenReachesTheUser() {
        llm.answer(kql("SecurityIncident | where Owner == 'alice' | take 10", "By owner.", ""))
           .answer(kql("SecurityIncident | where AssignedTo == 'alice' | take 10", "By owner.", ""));

        TaskResult result = ask("Which incidents does alice own?", context());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("failed the guard", "unknown column 'AssignedTo'");
        assertThat(ScriptedLlmClient.text(llm.requests().get(1))).contains("unknown column 'Owner'");
        assertThat(fake.queries()).noneMatch(q -> q.query().contains("alice"));
    }

    @Test
    void managementCommandsNeverReachTheWorkspace() {
        llm.answer(kql(".drop table SecurityIncident", "", ""))
           .answer(kql(".set-or-replace SecurityIncident <| SecurityIncident", "", ""));

        TaskResult result = ask("Delete all incidents", context());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("management commands are not allowed");
        assertThat(fake.queries()).noneMatch(q -> q.query().startsWith("."));
    }

    @Test
    void anExplicitTakeAboveMaxRowsIsCappedAndLintShowsBesideTheQuery() {
        llm.answer(kql("SecurityIncident | take 100000", "All incidents.", "P1D"));

        TaskResult result = ask("List all incidents", context());

        assertThat(result.succeeded()).isTrue();
        assertThat(fake.queries()).anyMatch(q -> q.query().endsWith("| take 100000\n| take 5000"));
        assertThat(result.warnings()).anyMatch(w -> w.contains("caps it at 5000")
                && w.contains("plugins.sentinel-kql.max-rows"));
        assertThat(result.warnings()).anyMatch(w -> w.startsWith("Lint KQL001"));
    }

    @Test
    void externalDataIsRefusedNamingTheSettingThatAllowsFeeds() {
        String feed = "externaldata (ip:string) ['https://feeds.example/ti/ips.csv'] | take 10";
        llm.answer(kql(feed, "Feed.", "")).answer(kql(feed, "Feed.", ""));

        TaskResult result = ask("Which IPs are on the feed?", context());

        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("plugins.sentinel-kql.externaldata.allow-urls");
        assertThat(fake.queries()).noneMatch(q -> q.query().contains("externaldata"));
    }

    @Test
    void generateOnlyWritesKqlWithoutRunningOrCappingIt() {
        llm.answer(kql("AuditLogs | where OperationName has \"Delete\" | project TimeGenerated,"
                + " OperationName, InitiatedBy", "Directory object deletions.", "P1D"));
        RecordingTaskContext context = context();

        TaskResult result = plugin.run(Task.of("sentinel-kql", "generate-kql",
                "Write a hunting query for AD object deletion"), context);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.table()).isEmpty();
        assertThat(result.artifacts()).singleElement().extracting(Artifact::value).asString()
                .doesNotContain("take");
        assertThat(fake.queries()).noneMatch(q -> q.query().contains("OperationName has"));
    }

    @Test
    void aServiceTimeoutIsReportedClearly() {
        fake.when(q -> q.startsWith("SigninLogs"), r -> Reply.gatewayTimeout());
        llm.answer(kql("SigninLogs | where ResultType != \"0\"", "Failed sign-ins.", "P90D"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ask("All failed sign-ins", context()))
                .isInstanceOf(io.secai.api.ServiceException.class).hasMessageContaining("504");
    }

    @Test
    void theSchemaCacheIsReusedAcrossRestarts() throws Exception {
        llm.answer(kql("SecurityAlert | take 1", "One alert.", ""))
           .answer(kql("SecurityAlert | take 1", "One alert.", ""));
        ask("Show one alert", context());
        long schemaQueries = fake.queries().stream().filter(q -> q.query().contains("getschema")).count();
        assertThat(schemaQueries).isEqualTo(4);
        assertThat(Files.readString(dataDirectory.resolve(fake.workspaceId()).resolve("schema.json")))
                .contains("SystemAlertId");

        plugin.close();
        plugin = new SentinelKqlPlugin();
        plugin.start(TestPluginContext.builder().settings(Map.of(
                "azure.workspace-id", fake.workspaceId(),
                "plugins.sentinel-kql.endpoint", fake.endpoint(),
                "plugins.sentinel-kql.load-schema", "false")).dataDirectory(dataDirectory).build());
        ask("Show one alert", context());

        assertThat(fake.queries().stream().filter(q -> q.query().contains("getschema")).count()).isEqualTo(4);
    }
}
