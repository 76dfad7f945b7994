package io.secai.plugin.kql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution;
import io.secai.api.Settings;
import io.secai.api.TaskResult;
import io.secai.kql.examples.ExampleLibrary;
import io.secai.kql.skill.SkillFiles;
import io.secai.plugin.kql.workspace.Workspaces;
import io.secai.testkit.plugin.MapSettings;
import io.secai.testkit.plugin.TestPluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugin's commands: built before anything they need exists, reading the plugin's state only when they run. */
class PluginCommandsTest {
    private static final String HOME = "11111111-1111-1111-1111-111111111111";
    private static final String EMEA = "22222222-2222-2222-2222-222222222222";

    @TempDir
    Path folder;

    private final AtomicInteger mappers = new AtomicInteger();
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicInteger startedReads = new AtomicInteger();
    private final AtomicReference<PluginCommands.Started> started = new AtomicReference<>();

    private List<CommandContribution> commands() {
        WorkspaceStates states = new WorkspaceStates(() -> {
            mappers.incrementAndGet();
            return mapper;
        }, () -> started.get().context(), () -> started.get().settings());
        return new PluginCommands(() -> {
            mappers.incrementAndGet();
            return mapper;
        }, () -> {
            startedReads.incrementAndGet();
            return started.get();
        }, states, new ExtendedSchemaBuilds(states, () -> started.get().context(), () -> started.get().settings()),
                (task, context) -> TaskResult.failed("no task expected")).all();
    }

    private static PluginCommands.Started startedWith(Settings settings) {
        return new PluginCommands.Started(TestPluginContext.builder().settings(settings).build(),
                KqlSettings.from(settings), new Workspaces(settings), false,
                new ExampleLibrary(List.of(), note -> { }), new SkillFiles.Loaded(List.of(), List.of(), List.of()));
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(CommandContribution command, String stdin, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.handler().run(List.of(args), CommandContribution.CommandIO.of(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void buildingTheCommandsNeedsNeitherTheMapperNorAStartedPlugin() throws Exception {
        List<CommandContribution> commands = commands();

        assertThat(commands).extracting(CommandContribution::name).containsExactly("kql", "eval", "skills");
        assertThat(mappers).hasValue(0);
        assertThat(startedReads).hasValue(0);

        started.set(startedWith(MapSettings.empty()));
        Path schema = Files.writeString(folder.resolve("schema.json"),
                "{\"SigninLogs\": \"TimeGenerated:datetime, UserPrincipalName:string\"}");
        Run check = run(commands.get(0), "\"SigninLogs | project UserPrincipalName | take 5\"\n",
                "check", "--schema", schema.toString());

        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("\"tables\":[\"SigninLogs\"]", "\"flags\":[]");
        assertThat(mappers.get()).isPositive();
    }

    @Test
    void workspaceCommandsSeeTheWorkspacesOfTheStartThatCameAfterTheCommandsWereMade() throws Exception {
        List<CommandContribution> commands = commands();
        started.set(startedWith(MapSettings.empty().with("azure.workspace-id", HOME)
                .with("azure.workspaces.emea.id", EMEA)));

        Run list = run(commands.get(0), "", "workspaces");

        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out().lines().toList()).hasSize(2);
        assertThat(list.out().lines().toList().get(0)).startsWith("default  " + HOME).contains("(default)");
        assertThat(list.out()).contains("emea  " + EMEA);
    }
}
