package io.secai.plugin.kql.schema;

import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.schema.SchemaFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.AccessToken;
import io.secai.api.LlmClient;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.plugin.kql.SentinelKqlPlugin;
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

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plugins.sentinel-kql.load-schema} (SENTINELKQL_LOADSCHEMA) decides whether the plugin builds the extended
 * schema, proven through the plugin itself: the real azure-monitor-query client against the HTTPS fake workspace,
 * and the test kit's scripted model (the boundary that cannot run here) offered to the plugin both at start and in
 * the task, so that only the setting decides.
 */
class LoadSchemaSettingTest {
    private static final String BUILD_THREAD = "sentinel-kql-extended-schema-build";
    private static final String DESCRIBE = "kql-schema";

    @TempDir
    Path dataDirectory;
    private FakeLogAnalytics fake;
    private SentinelKqlPlugin plugin;
    private final TokenProvider tokens = scopes -> AccessToken.of("test-token", Instant.now().plusSeconds(3600));
    private final CountDownLatch describing = new CountDownLatch(1);
    private final CountDownLatch describeGate = new CountDownLatch(1);
    private volatile boolean holdDescriptions;
    private final ScriptedLlmClient model = new ScriptedLlmClient().otherwise(request -> {
        if (!DESCRIBE.equals(request.purpose())) {
            return "{\"tables\":[\"SecurityIncident\"],\"kql\":\"SecurityIncident | take 5\","
                    + "\"rationale\":\"The incidents.\",\"timespan\":\"P30D\"}";
        }
        describing.countDown();
        if (holdDescriptions) {
            awaitUninterruptibly(describeGate);
        }
        return "{\"description\":\"A workspace table.\",\"keyFields\":[\"TimeGenerated\"]}";
    });

    @BeforeAll
    static void trustTestCertificates() {
        TestTls.shared().installAsJvmDefault();
    }

    @BeforeEach
    void startFake() {
        fake = FakeLogAnalytics.start(FakeWorkspace.fromResource("/fake-workspace.json", getClass()));
    }

    @AfterEach
    void stop() {
        if (plugin != null) {
            plugin.close();
        }
        fake.close();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TaskResult runTaskWith(String loadSchema) {
        plugin = new SentinelKqlPlugin();
        plugin.start(TestPluginContext.builder().settings(Map.of(
                        "azure.workspace-id", fake.workspaceId(),
                        "plugins.sentinel-kql.endpoint", fake.endpoint(),
                        "plugins.sentinel-kql.load-schema", loadSchema,
                        // The whole build in the background; on demand is ExtendedSchemaBuilderTest's.
                        "plugins.sentinel-kql.schema-build", "background",
                        "plugins.sentinel-kql.http-retries", "0"))
                .client(LlmClient.class, model).client(TokenProvider.class, tokens)
                .dataDirectory(dataDirectory).build());
        RecordingTaskContext context = RecordingTaskContext.builder()
                .client(LlmClient.class, model).client(TokenProvider.class, tokens).build();
        return plugin.run(Task.of("sentinel-kql", "run-kql", "Show me the incidents of the last 30 days"), context);
    }

    private WorkspaceSchema saved() {
        return new SchemaStore(dataDirectory.resolve(fake.workspaceId()), new SchemaFiles(new ObjectMapper()))
                .load().orElseThrow();
    }

    private static List<Thread> buildThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(BUILD_THREAD)).toList();
    }

    private long describeCalls() {
        return model.requests().stream().filter(r -> DESCRIBE.equals(r.purpose())).count();
    }

    @Test
    void withLoadSchemaFalseThePluginNeverAsksTheModelForDescriptions() {
        TaskResult result = runTaskWith("False");

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        // The build would have been started before run() returned: its thread would still be alive, or it would
        // already have sampled the tables and asked the model.
        assertThat(buildThreads()).isEmpty();
        assertThat(describeCalls()).isZero();
        assertThat(fake.queries()).noneMatch(q -> q.query().endsWith("| take 3"));
        assertThat(model.requests()).singleElement().extracting(r -> r.purpose()).isNotEqualTo(DESCRIBE);
        assertThat(saved().tables().values()).isNotEmpty().allSatisfy(t -> assertThat(t.description()).isEmpty());
    }

    @Test
    void aTaskRunWhileTheBuildRunsShowsItsProgress() throws InterruptedException {
        holdDescriptions = true;
        runTaskWith("true");
        describing.await();

        RecordingTaskContext second = RecordingTaskContext.builder()
                .client(LlmClient.class, model).client(TokenProvider.class, tokens).build();
        TaskResult result = plugin.run(Task.of("sentinel-kql", "run-kql", "And the alerts?"), second);
        describeGate.countDown();

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(second.progressLines()).anySatisfy(line ->
                assertThat(line).startsWith("Extended schema").contains("in the background"));
        for (Thread build : buildThreads()) {
            build.join(60_000);
        }
    }

    @Test
    void withLoadSchemaOnThePluginDescribesEveryTableOnce() throws InterruptedException {
        TaskResult result = runTaskWith("true");

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        for (Thread build : buildThreads()) {
            build.join(60_000);
        }
        assertThat(buildThreads()).isEmpty();
        assertThat(describeCalls()).isEqualTo(4);
        assertThat(saved().tables().values()).hasSize(4)
                .allSatisfy(t -> assertThat(t.description()).isEqualTo("A workspace table."));
    }
}
