package io.secai.plugin.defender;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.TaskResult;
import io.secai.testkit.graph.GraphReply;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.ScriptedLlmClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Advanced hunting through the real client and the HTTPS Graph fake: shortlist, the tenant's columns, one KQL call,
 * the guard, runHuntingQuery, typed rows, and repairs on the guard's and the service's errors.
 */
class HuntingTest {
    private static final String QUESTION = "Which processes on devices opened network connections to 203.0.113.7"
            + " in the last day? Join the process creation with the network connections.";
    private static final String JOIN = "DeviceProcessEvents\n| where Timestamp > ago(1d)\n"
            + "| join kind=inner (DeviceNetworkEvents | where RemoteIP == '203.0.113.7') on DeviceId\n"
            + "| project Timestamp, DeviceName, FileName, ProcessCommandLine, RemoteIP, RemotePort";

    @TempDir
    Path dir;

    private GraphWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    private GraphWorld world() {
        return world(new DefenderXdrPlugin());
    }

    private GraphWorld world(DefenderXdrPlugin plugin) {
        world = new GraphWorld(dir, Map.of(), plugin);
        world.graph.huntingTable("DeviceProcessEvents", List.of(Map.entry("Timestamp", "DateTime"),
                        Map.entry("DeviceId", "String"), Map.entry("DeviceName", "String"),
                        Map.entry("FileName", "String"), Map.entry("ProcessCommandLine", "String")), List.of())
                .huntingTable("DeviceNetworkEvents", List.of(Map.entry("Timestamp", "DateTime"),
                        Map.entry("DeviceId", "String"), Map.entry("DeviceName", "String"),
                        Map.entry("RemoteIP", "String"), Map.entry("RemotePort", "Int32"),
                        Map.entry("RemoteUrl", "String")), List.of());
        return world;
    }

    private static String kql(String query) {
        return "{\"tables\":[\"DeviceProcessEvents\",\"DeviceNetworkEvents\"],\"kql\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(query) + ",\"rationale\":"
                + "\"Processes joined with their connections.\",\"timespan\":\"P1D\"}";
    }

    private static GraphReply rows() {
        return GraphReply.hunting(List.of(Map.entry("Timestamp", "DateTime"), Map.entry("DeviceName", "String"),
                Map.entry("FileName", "String"), Map.entry("ProcessCommandLine", "String"),
                Map.entry("RemoteIP", "String"), Map.entry("RemotePort", "Int32")), List.of(
                List.of("2026-11-30T08:01:02.1234567Z", "ws-0042", "invoice.exe", "invoice.exe -q",
                        "203.0.113.7", 443)));
    }

    @Test
    void aJoinAcrossTwoDeviceTablesRunsGuardedAndComesBackTyped() {
        GraphWorld w = world();
        AtomicInteger joins = new AtomicInteger();
        w.graph.whenHunting(q -> q.contains("join"), q -> joins.incrementAndGet() == 1
                ? GraphReply.badQuery("Query execution has resulted in error (0x80DA0007): Partial query failure")
                : rows());
        ScriptedLlmClient model = new ScriptedLlmClient()
                // Not a column of the tenant's DeviceNetworkEvents: the guard refuses it before Graph sees it.
                .answer(kql(JOIN.replace("RemotePort", "RemotePortNumber")))
                .answer(kql(JOIN))
                .answer(kql(JOIN + "\n| order by Timestamp desc"));
        RecordingTaskContext context = w.context(model);

        TaskResult result = w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        ResultTable table = result.table().orElseThrow();
        assertThat(table.columns()).extracting(ResultTable.Column::type).containsExactly(
                ResultTable.ColumnType.DATETIME, ResultTable.ColumnType.STRING, ResultTable.ColumnType.STRING,
                ResultTable.ColumnType.STRING, ResultTable.ColumnType.STRING, ResultTable.ColumnType.INT);
        assertThat(table.rows()).containsExactly(List.of("2026-11-30T08:01:02.1234567Z", "ws-0042", "invoice.exe",
                "invoice.exe -q", "203.0.113.7", 443L));
        List<String> ran = w.graph.huntingQueries().stream().filter(q -> q.contains("join")).toList();
        assertThat(ran).hasSize(2);
        assertThat(ran).allSatisfy(q -> assertThat(q).doesNotContain("RemotePortNumber").endsWith("| take 100"));
        assertThat(ran.get(1)).contains("order by Timestamp desc");
        assertThat(w.graph.huntingQueries()).contains("DeviceProcessEvents | getschema",
                "DeviceNetworkEvents | getschema");
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line)
                .contains("Advanced-hunting tables considered:", "DeviceProcessEvents", "DeviceNetworkEvents"));
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line).contains("failed the guard",
                "RemotePortNumber"));
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line).contains("rejected the query",
                "Partial query failure", "repair 1 of 2"));
        // The model saw the guard's and the service's reasons, fenced as data.
        assertThat(ScriptedLlmClient.text(model.lastRequest())).contains("RemotePortNumber",
                "Partial query failure");
        assertThat(ScriptedLlmClient.text(model.requests().get(0))).contains("advanced hunting", "Timestamp");
        assertThat(result.artifacts()).extracting(Artifact::kind).contains(Artifact.Kind.QUERY,
                Artifact.Kind.TIMESPAN);
        assertThat(w.graph.requests().stream().filter(r -> r.huntingQuery().contains("join")))
                .allSatisfy(r -> assertThat(r.body()).contains("\"Timespan\":\"PT24H\""));
    }

    @Test
    void theTenantsColumnsAreCachedAcrossTasksAndRestarts() throws Exception {
        GraphWorld w = world();
        w.graph.whenHunting(q -> q.contains("join"), q -> rows());
        w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), w.context(ScriptedLlmClient.alwaysAnswering(kql(JOIN))));
        long schemaReads = w.graph.huntingQueries().stream().filter(q -> q.endsWith("getschema")).count();
        assertThat(schemaReads).isGreaterThanOrEqualTo(2);
        assertThat(Files.readString(dir.resolve("advanced-hunting-columns.json")))
                .contains("DeviceNetworkEvents", "RemotePort:int");

        w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), w.context(ScriptedLlmClient.alwaysAnswering(kql(JOIN))));
        GraphWorld restarted = new GraphWorld(dir, Map.of("plugins.defender-xdr.graph-url", w.graph.baseUrl()));
        try {
            TaskResult again = restarted.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(),
                    restarted.context(ScriptedLlmClient.alwaysAnswering(kql(JOIN))));
            assertThat(again.succeeded()).as(again.markdown()).isTrue();
        } finally {
            restarted.close();
        }
        // Tables the fake tenant lacks drop out, so later questions shortlist (and read) others; none is read twice.
        List<String> reads = w.graph.huntingQueries().stream().filter(q -> q.endsWith("getschema")).toList();
        assertThat(reads).doesNotHaveDuplicates();
    }

    @Test
    void aTableTheTenantLacksIsLeftOutOfTheShortlist() {
        GraphWorld w = world();
        w.graph.whenHunting(q -> q.contains("join"), q -> rows());
        RecordingTaskContext context = w.context(ScriptedLlmClient.alwaysAnswering(kql(JOIN)));
        w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), context);
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line).startsWith("The tenant has no table"));
        String considered = context.progressLines().stream().filter(l -> l.startsWith("Advanced-hunting tables"))
                .findFirst().orElseThrow();
        assertThat(considered).contains("DeviceProcessEvents", "DeviceNetworkEvents");
        assertThat(considered.split(",").length).isLessThan(5);
    }

    @Test
    void aWriteOrExternalCallIsNeverSentEvenAfterTheRepair() {
        GraphWorld w = world();
        ScriptedLlmClient model = new ScriptedLlmClient()
                .answer(kql(".drop table DeviceProcessEvents"))
                .answer(kql("externaldata(x:string) [@'https://evil.example/x.csv'] | take 1"));

        TaskResult result = w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), w.context(model));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("failed the guard");
        assertThat(w.graph.huntingQueries()).allSatisfy(q -> assertThat(q).endsWith("getschema"));
    }

    @Test
    void repairsStopAtTheLimit() {
        GraphWorld w = world();
        w.graph.whenHunting(q -> q.contains("join"), q -> GraphReply.badQuery("Semantic error: 'foo'"));
        TaskResult result = w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(),
                w.context(ScriptedLlmClient.alwaysAnswering(kql(JOIN))));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.markdown()).contains("rejected the query 3 times", "Semantic error");
        assertThat(w.graph.huntingQueries().stream().filter(q -> q.contains("join"))).hasSize(3);
    }

    @Test
    void huntingWithoutThePermissionNamesIt() {
        GraphWorld w = world();
        w.graph.whenHunting(q -> true, q -> GraphReply.forbidden());
        assertThatThrownBy(() -> w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(),
                w.context(ScriptedLlmClient.alwaysAnswering(kql(JOIN)))))
                .isInstanceOf(ServiceException.class).hasMessageContaining("ThreatHunting.Read.All");
    }

    @Test
    void aSchemaThatCannotBeReadOnFirstUseFailsThatHuntAndSelfCheckClearlyAndTheNextHuntWorks() {
        AtomicInteger reads = new AtomicInteger();
        world(new DefenderXdrPlugin(() -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("the plugin jar lacks advanced-hunting-schema.txt");
            }
            return io.secai.kql.schema.AdvancedHuntingSchema.load();
        }));
        assertThat(reads).as("the start reads no schema").hasValue(0);
        world.graph.whenHunting(q -> q.contains("join"), q -> rows());
        String query = JOIN;

        TaskResult failed = world.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(),
                world.context(ScriptedLlmClient.alwaysAnswering(kql(query))));

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.markdown()).contains("could not read its advanced hunting schema",
                "the plugin jar lacks advanced-hunting-schema.txt", "No query was run");
        assertThat(world.graph.huntingQueries()).isEmpty();

        assertThat(world.plugin.selfCheck()).singleElement().satisfies(check -> {
            assertThat(check.ok()).isTrue();
            assertThat(check.name()).isEqualTo(DefenderXdrPlugin.SCHEMA_CHECK);
        });
        TaskResult next = world.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(),
                world.context(ScriptedLlmClient.alwaysAnswering(kql(query))));
        assertThat(next.succeeded()).as(next.markdown()).isTrue();
        assertThat(reads).as("read once more, then kept").hasValue(2);
    }

    @Test
    void aSelfCheckMeetingAnUnreadableSchemaFailsWithTheReasonAndTheNextOnePasses() {
        AtomicInteger reads = new AtomicInteger();
        world = new GraphWorld(dir, Map.of(), new DefenderXdrPlugin(() -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("the plugin jar lacks advanced-hunting-schema.txt");
            }
            return io.secai.kql.schema.AdvancedHuntingSchema.load();
        }));

        assertThat(world.plugin.selfCheck()).singleElement().satisfies(check -> {
            assertThat(check.ok()).isFalse();
            assertThat(check.detail()).contains("the plugin jar lacks advanced-hunting-schema.txt");
            assertThat(check.fix()).contains("reinstall");
        });
        assertThat(world.plugin.selfCheck()).singleElement().satisfies(check -> {
            assertThat(check.ok()).isTrue();
            assertThat(check.detail()).matches("\\d+ shipped tables");
        });
    }
}
