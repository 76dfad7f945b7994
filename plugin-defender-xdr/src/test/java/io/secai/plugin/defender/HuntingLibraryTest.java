package io.secai.plugin.defender;

import io.secai.api.Artifact;
import io.secai.api.TaskResult;
import io.secai.testkit.graph.GraphReply;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.ScriptedLlmClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example library in advanced hunting, through the real plugin and the HTTPS Graph fake: the closest examples go
 * into the prompt inside the untrusted fence and are named in the evidence, while the table ranking stays the
 * shortlist's own (the library's votes lowered it on the Defender questions); without a library nothing changes; a
 * bad library is a notice, not a failure.
 */
class HuntingLibraryTest {
    /** Nothing in these words names a process, a device or a command line. */
    private static final String QUESTION = "who silenced the tracing last night";
    private static final String EXAMPLE = """
            // Who silenced the tracing
            // Someone turned the recording off to hide what came next.
            DeviceProcessEvents
            | where ProcessCommandLine has "auditpol" and ProcessCommandLine has "/success:disable"
            """;
    private static final String ANSWER = "{\"tables\":[\"DeviceProcessEvents\"],\"kql\":\"DeviceProcessEvents"
            + " | where Timestamp > ago(1d) | where ProcessCommandLine has 'auditpol' | project Timestamp, DeviceName,"
            + " ProcessCommandLine\",\"rationale\":\"Audit policy changes.\",\"timespan\":\"P1D\"}";

    @TempDir
    Path dir;

    private GraphWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    /** The plugin with a shortlist of one table, so that a vote, were there one, would show. */
    private GraphWorld world(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("plugins.defender-xdr.shortlist-size", "1");
        world = new GraphWorld(dir.resolve("data"), all);
        world.graph.huntingTable("DeviceProcessEvents", List.of(Map.entry("Timestamp", "DateTime"),
                Map.entry("DeviceName", "String"), Map.entry("ProcessCommandLine", "String")), List.of());
        world.graph.whenHunting(q -> q.contains("auditpol"), q -> GraphReply.hunting(List.of(
                Map.entry("Timestamp", "DateTime"), Map.entry("DeviceName", "String"),
                Map.entry("ProcessCommandLine", "String")), List.of(List.of("2026-11-30T23:01:02Z", "ws-0042",
                "auditpol /set /category:* /success:disable"))));
        return world;
    }

    private static String considered(RecordingTaskContext context) {
        return context.progressLines().stream().filter(l -> l.startsWith("Advanced-hunting tables considered:"))
                .findFirst().orElseThrow();
    }

    @Test
    void withoutALibraryTheQuestionsWordsAloneMissTheTableAndThePromptHasNoExamples() {
        GraphWorld w = world(Map.of());
        ScriptedLlmClient model = ScriptedLlmClient.alwaysAnswering(ANSWER);
        RecordingTaskContext context = w.context(model);

        w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), context);

        assertThat(considered(context)).doesNotContain("DeviceProcessEvents");
        assertThat(context.progressLines()).noneSatisfy(line -> assertThat(line).contains("library"));
        assertThat(context.artifacts()).extracting(Artifact::label).doesNotContain("Library table votes",
                "Library examples used");
        assertThat(ScriptedLlmClient.text(model.requests().get(0))).doesNotContain("analysts' library",
                "query library");
    }

    @Test
    void theNearestExampleGoesIntoThePromptFencedAndTheRankingIsTheShortlistsOwn() throws Exception {
        Path library = dir.resolve("library");
        // Created after the start: the plugin reads its library on the first hunt, not when it starts.
        GraphWorld w = world(Map.of("plugins.defender-xdr.library", library.toString()));
        Files.createDirectories(library);
        Files.writeString(library.resolve("silenced.kql"), EXAMPLE);
        ScriptedLlmClient model = ScriptedLlmClient.alwaysAnswering(ANSWER);
        RecordingTaskContext context = w.context(model);

        TaskResult result = w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(result.table().orElseThrow().rows()).hasSize(1);
        assertThat(considered(context)).doesNotContain("DeviceProcessEvents");
        assertThat(context.progressLines()).contains("Library examples in the prompt: silenced.kql")
                .noneSatisfy(line -> assertThat(line).startsWith("Tables read by the nearest library examples"));
        assertThat(context.artifacts()).contains(
                Artifact.of(Artifact.Kind.OTHER, "Library examples used", "silenced.kql"));
        assertThat(context.artifacts()).extracting(Artifact::label).doesNotContain("Library table votes");
        String prompt = ScriptedLlmClient.text(model.requests().get(0));
        assertThat(prompt).contains("Known-good queries from the analysts' library")
                .containsPattern("<<<UNTRUSTED [0-9a-f]{32} query library>>>\\n// Who silenced the tracing")
                .contains("ProcessCommandLine has \"/success:disable\"");
    }

    @Test
    void examplesZeroShowsNoExample() throws Exception {
        Path library = Files.createDirectories(dir.resolve("library"));
        Files.writeString(library.resolve("silenced.kql"), EXAMPLE);
        GraphWorld w = world(Map.of("plugins.defender-xdr.library", library.toString(),
                "plugins.defender-xdr.examples", "0"));
        ScriptedLlmClient model = ScriptedLlmClient.alwaysAnswering(ANSWER);
        RecordingTaskContext context = w.context(model);

        w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), context);

        assertThat(considered(context)).doesNotContain("DeviceProcessEvents");
        assertThat(context.artifacts()).extracting(Artifact::label).doesNotContain("Library table votes",
                "Library examples used");
        assertThat(ScriptedLlmClient.text(model.requests().get(0))).doesNotContain("query library");
    }

    @Test
    void anUnreadableOrHostileLibraryIsANoticeAndHuntingStillWorks() throws Exception {
        Path hostile = Files.createDirectories(dir.resolve("hostile"));
        // A YAML alias bomb, bytes that are not UTF-8, and a file past the size cap: each skipped with a note.
        StringBuilder bomb = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(("*" + (char) (c - 1) + ",").repeat(9)).setLength(bomb.length() - 1);
            bomb.append("]\n");
        }
        bomb.append("name: bomb\nquery: |\n  DeviceProcessEvents | take 1\n");
        Files.writeString(hostile.resolve("bomb.yaml"), bomb);
        Files.write(hostile.resolve("binary.kql"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28});
        Files.writeString(hostile.resolve("huge.kql"), "// huge\nDeviceProcessEvents\n" + "| take 1\n".repeat(80_000));
        Path missing = dir.resolve("no-such-folder");
        GraphWorld w = world(Map.of("plugins.defender-xdr.library",
                "[\"" + missing + "\", \"" + hostile + "\", \"bad\u0000path\"]"));
        ScriptedLlmClient model = ScriptedLlmClient.alwaysAnswering(ANSWER);
        RecordingTaskContext context = w.context(model);

        TaskResult result = w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), context);

        assertThat(result.succeeded()).as(result.markdown()).isTrue();
        assertThat(context.progressLines()).contains("Example library: " + missing + ": not a folder, skipped");
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line)
                .startsWith("Example library: plugins.defender-xdr.library entry 'bad?path' is not a path"));
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line)
                .startsWith("Example library: bomb.yaml: skipped"));
        assertThat(context.progressLines()).anySatisfy(line -> assertThat(line)
                .startsWith("Example library: huge.kql: skipped"));
        assertThat(context.progressLines()).noneSatisfy(line -> assertThat(line)
                .startsWith("Library examples in the prompt"));

        RecordingTaskContext next = w.context(ScriptedLlmClient.alwaysAnswering(ANSWER));
        assertThat(w.run(DefenderXdrPlugin.HUNT, QUESTION, Map.of(), next).succeeded()).isTrue();
        assertThat(next.progressLines()).as("told once, not on every hunt")
                .noneSatisfy(line -> assertThat(line).startsWith("Example library:"));
    }
}
