package io.secai.plugin.kql.schema;

import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.schema.SchemaFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.AccessToken;
import io.secai.api.ChatRequest;
import io.secai.api.LlmClient;
import io.secai.api.ServiceException;
import io.secai.api.TokenProvider;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.loganalytics.FakeWorkspace;
import io.secai.testkit.plugin.ScriptedLlmClient;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extended schema build with the real azure-monitor-query client against the HTTPS fake workspace (this
 * module's fixture: SecurityIncident, SecurityAlert, SigninLogs and an empty AuditLogs). The model is the test kit's
 * scripted {@link LlmClient}: it is the one boundary that cannot run here, and the builder sees only that interface,
 * so a scripted one lets the tests check what each call carried and what the builder kept of each answer.
 */
class ExtendedSchemaBuilderTest {
    private static final Pattern TABLE = Pattern.compile("Table (\\w+) has the columns");
    private static final Set<String> TABLES = Set.of("SecurityIncident", "SecurityAlert", "SigninLogs", "AuditLogs");

    @TempDir
    Path directory;
    private FakeLogAnalytics fake;
    private LogAnalytics logs;
    private SchemaStore store;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void trustTestCertificates() {
        TestTls.shared().installAsJvmDefault();
    }

    @BeforeEach
    void start() {
        fake = FakeLogAnalytics.start(FakeWorkspace.fromResource("/fake-workspace.json", getClass()));
        TokenProvider tokens = scopes -> AccessToken.of("token", Instant.now().plusSeconds(3600));
        logs = new LogAnalytics(fake.workspaceId(), Optional.of(fake.endpoint()), tokens, Duration.ofSeconds(30), 0,
                LogAnalytics.newHttpClient());
        store = new SchemaStore(directory.resolve(fake.workspaceId()), new SchemaFiles(new ObjectMapper()));
        // The plugin saves the bare schema it read before the build starts; the build then fills it in.
        store.save(new WorkspaceSchemaReader(logs, 2).read(line -> { }));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** @return the table a description request is about, read from the prompt the builder wrote */
    private static String tableOf(ChatRequest request) {
        Matcher table = TABLE.matcher(ScriptedLlmClient.text(request));
        assertThat(table.find()).as("the request names its table").isTrue();
        return table.group(1);
    }

    /**
     * The model's answer: a description naming the table, and key fields including one the table does not have
     * (which the builder must drop).
     */
    private static String describe(ChatRequest request) {
        String table = tableOf(request);
        List<String> keys = switch (table) {
            case "SigninLogs" -> List.of("UserPrincipalName", "IPAddress", "NoSuchColumn");
            case "AuditLogs" -> List.of("OperationName");
            default -> List.of("Title");
        };
        return "{\"description\":\"Records of " + table + ".\",\"keyFields\":[\""
                + String.join("\",\"", keys) + "\"]}";
    }

    private int build(LlmClient model) {
        return new ExtendedSchemaBuilder(logs, model, store, 2)
                .build(store.load().orElseThrow(), table -> { }, progress::add);
    }

    private List<String> sampleQueries() {
        return fake.queries().stream().map(FakeLogAnalytics.RecordedQuery::query)
                .filter(q -> q.endsWith("| take 3")).toList();
    }

    private static List<String> described(WorkspaceSchema schema) {
        return schema.tables().values().stream().filter(t -> !t.description().isEmpty()).map(TableInfo::name)
                .toList();
    }

    @Test
    void onDemandDescribesOnlyThePickedTablesOnceAndKeepsThem() {
        ScriptedLlmClient model = new ScriptedLlmClient().otherwise(ExtendedSchemaBuilderTest::describe);
        WorkspaceSchema bare = store.load().orElseThrow();
        List<TableInfo> picked = List.of(bare.table("SigninLogs").orElseThrow(),
                bare.table("SecurityIncident").orElseThrow());
        List<TableInfo> seen = new CopyOnWriteArrayList<>();
        ExtendedSchemaBuilder builder = new ExtendedSchemaBuilder(logs, model, store, 2);

        List<TableInfo> described = builder.describeMissing(picked, seen::add, progress::add);

        assertThat(described).extracting(TableInfo::name).containsExactly("SigninLogs", "SecurityIncident");
        assertThat(described).allSatisfy(table -> assertThat(table.description()).startsWith("Records of"));
        assertThat(model.requests()).extracting(ExtendedSchemaBuilderTest::tableOf)
                .containsExactlyInAnyOrder("SigninLogs", "SecurityIncident");
        assertThat(seen).hasSize(2);
        assertThat(described(store.load().orElseThrow())).as("saved at once, the other tables left for later")
                .containsExactlyInAnyOrder("SigninLogs", "SecurityIncident");

        builder.describeMissing(described, seen::add, progress::add);
        assertThat(model.requests()).as("a described table is never asked about again").hasSize(2);
    }

    @Test
    void asksTheModelOncePerTableWithThatTablesSampleRows() {
        ScriptedLlmClient model = new ScriptedLlmClient().otherwise(ExtendedSchemaBuilderTest::describe);

        assertThat(build(model)).isZero();

        assertThat(model.requests()).hasSize(4).allSatisfy(request -> {
            assertThat(request.purpose()).isEqualTo("kql-schema");
            assertThat(request.responseSchema()).isPresent();
        });
        assertThat(model.requests()).extracting(ExtendedSchemaBuilderTest::tableOf)
                .containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(sampleQueries()).containsExactlyInAnyOrder("SecurityIncident | take 3", "SecurityAlert | take 3",
                "SigninLogs | take 3", "AuditLogs | take 3");
        Map<String, String> prompts = new HashMap<>();
        model.requests().forEach(r -> prompts.put(tableOf(r), ScriptedLlmClient.text(r)));
        assertThat(prompts.get("SigninLogs")).contains("UserPrincipalName=alice@contoso.com",
                "IPAddress=198.51.100.23").doesNotContain("Multi-stage attack", "Pass-the-hash");
        assertThat(prompts.get("SecurityIncident")).contains("Title=Multi-stage attack on contoso-dc01",
                "IncidentNumber=4126").doesNotContain("alice@contoso.com");
        assertThat(prompts.get("SecurityAlert")).contains("AlertName=Pass-the-hash", "CompromisedEntity=bob@contoso.com")
                .doesNotContain("203.0.113.7");
    }

    @Test
    void incidentsAndAlertsKeepEveryFieldOtherTablesTheKeyFieldsTheModelNamed() {
        List<TableInfo> delivered = new CopyOnWriteArrayList<>();

        int failed = new ExtendedSchemaBuilder(logs, new ScriptedLlmClient().otherwise(
                ExtendedSchemaBuilderTest::describe), store, 2)
                .build(store.load().orElseThrow(), delivered::add, progress::add);

        assertThat(failed).isZero();
        WorkspaceSchema saved = store.load().orElseThrow();
        assertThat(saved.table("SecurityIncident").orElseThrow().keyFields()).containsExactly("TimeGenerated",
                "IncidentNumber", "Title", "Severity", "Status", "AlertIds", "CreatedTime", "IncidentUrl");
        assertThat(saved.table("SecurityAlert").orElseThrow().keyFields()).containsExactly("TimeGenerated",
                "SystemAlertId", "AlertName", "Description", "Entities", "CompromisedEntity", "AlertSeverity");
        assertThat(saved.table("SigninLogs").orElseThrow().keyFields())
                .containsExactly("UserPrincipalName", "IPAddress");
        assertThat(saved.table("AuditLogs").orElseThrow().keyFields()).containsExactly("OperationName");
        assertThat(saved.tables().values()).allSatisfy(t ->
                assertThat(t.description()).isEqualTo("Records of " + t.name() + "."));
        assertThat(saved.table("SigninLogs").orElseThrow().columns()).extracting(ColumnInfo::name)
                .containsExactly("TimeGenerated", "UserPrincipalName", "IPAddress", "ResultType", "AppDisplayName",
                        "Location");
        assertThat(delivered).containsExactlyInAnyOrderElementsOf(saved.tables().values());
    }

    @Test
    void reportsProgressOncePerTable() {
        build(new ScriptedLlmClient().otherwise(ExtendedSchemaBuilderTest::describe));

        assertThat(progress).containsExactlyInAnyOrder("Extended schema: 1 of 4 tables",
                "Extended schema: 2 of 4 tables", "Extended schema: 3 of 4 tables", "Extended schema: 4 of 4 tables");
    }

    @Test
    void secondBuildRedoesOnlyTheTableWhoseDescriptionWasRemovedFromTheSavedFile() {
        build(new ScriptedLlmClient().otherwise(ExtendedSchemaBuilderTest::describe));
        WorkspaceSchema first = store.load().orElseThrow();
        TableInfo signins = first.table("SigninLogs").orElseThrow();
        store.save(first.with(signins.withDescription("", List.of())));
        int samplesBefore = sampleQueries().size();
        ScriptedLlmClient second = new ScriptedLlmClient().answer(
                "{\"description\":\"Entra ID sign-ins.\",\"keyFields\":[\"UserPrincipalName\",\"ResultType\"]}");

        assertThat(build(second)).isZero();

        assertThat(second.requests()).extracting(ExtendedSchemaBuilderTest::tableOf).containsExactly("SigninLogs");
        assertThat(sampleQueries().subList(samplesBefore, sampleQueries().size()))
                .containsExactly("SigninLogs | take 3");
        WorkspaceSchema saved = store.load().orElseThrow();
        assertThat(saved.table("SigninLogs").orElseThrow())
                .isEqualTo(signins.withDescription("Entra ID sign-ins.", List.of("UserPrincipalName", "ResultType")));
        for (String other : List.of("SecurityIncident", "SecurityAlert", "AuditLogs")) {
            assertThat(saved.table(other)).isEqualTo(first.table(other));
        }
    }

    @Test
    void aFailedTableLosesNoOtherAndIsTheOnlyOneTheNextBuildRedoes() {
        ScriptedLlmClient failing = new ScriptedLlmClient().otherwise(request -> switch (tableOf(request)) {
            case "AuditLogs" -> throw new ServiceException("Azure OpenAI", ServiceException.Kind.THROTTLED,
                    "rate limit reached");
            case "SigninLogs" -> "Sorry, I cannot help with that.";
            default -> describe(request);
        });

        assertThat(build(failing)).isEqualTo(2);

        assertThat(failing.requests()).hasSize(4);
        WorkspaceSchema afterFailure = store.load().orElseThrow();
        assertThat(afterFailure.tableNames()).containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(described(afterFailure)).containsExactlyInAnyOrder("SecurityIncident", "SecurityAlert");
        assertThat(progress).contains("Extended schema: 4 of 4 tables");

        ScriptedLlmClient retry = new ScriptedLlmClient().otherwise(ExtendedSchemaBuilderTest::describe);
        assertThat(build(retry)).isZero();

        assertThat(retry.requests()).extracting(ExtendedSchemaBuilderTest::tableOf)
                .containsExactlyInAnyOrder("AuditLogs", "SigninLogs");
        WorkspaceSchema complete = store.load().orElseThrow();
        assertThat(described(complete)).containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(complete.table("SecurityIncident")).isEqualTo(afterFailure.table("SecurityIncident"));
        assertThat(build(new ScriptedLlmClient())).as("nothing left to describe, so no model call").isZero();
    }

    @Test
    void describesTablesInParallelButNeverMoreThanTheConfiguredNumberAtOnce() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        // Each call waits for a second one, so the build finishes only if two tables really are described at once;
        // the timeout only turns a serial build into a failed table instead of a hung test.
        CyclicBarrier pair = new CyclicBarrier(2);
        ScriptedLlmClient model = new ScriptedLlmClient().otherwise(request -> {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                pair.await(20, TimeUnit.SECONDS);
                return describe(request);
            } catch (Exception e) {
                throw new ServiceException("Azure OpenAI", ServiceException.Kind.UNAVAILABLE, e.toString());
            } finally {
                inFlight.decrementAndGet();
            }
        });

        assertThat(build(model)).isZero();

        assertThat(mostAtOnce).hasValue(2);
        assertThat(described(store.load().orElseThrow())).containsExactlyInAnyOrderElementsOf(TABLES);
    }
}
