package io.secai.engine;

import io.secai.api.Task;
import io.secai.engine.PromptOutcome.Status;
import io.secai.engine.loading.PluginJars;
import io.secai.engine.testing.EngineUnderTest;
import io.secai.testkit.openai.FakeOpenAi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.secai.engine.testing.EndToEndPlugins.FIND;
import static io.secai.engine.testing.EndToEndPlugins.GPT;
import static io.secai.engine.testing.EndToEndPlugins.LOOKUP;
import static io.secai.engine.testing.EngineFixtures.OWNER;
import static io.secai.engine.testing.EngineFixtures.await;
import static io.secai.engine.testing.PlanReplies.isPlanning;
import static io.secai.engine.testing.PlanReplies.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugins whose description, capabilities or commands throw sit in the plugins folder beside working ones: each is
 * failed at load with the reason, never offered to the planner, and prompts still plan and run.
 */
class BrokenPluginMetadataTest {

    private static final Task LOOKUP_HOSTS = Task.of(LOOKUP, FIND, "hosts with a risk above 5");

    @RegisterExtension
    final EngineUnderTest secai = new EngineUnderTest();

    @TempDir
    Path work;

    private static String plugin(String packageName, String name, String description, String capabilities,
                                 String commands) {
        return """
                package %1$s;

                import io.secai.api.*;
                import java.util.List;

                public final class Main implements Plugin {
                    public String name() { return "%2$s"; }
                    public String apiVersion() { return ApiVersion.CURRENT; }
                    public String description() { %3$s }
                    public List<Capability> capabilities() { %4$s }
                    public List<CommandContribution> commands() { %5$s }
                    public TaskResult run(Task task, TaskContext context) { return TaskResult.success("ran"); }
                }
                """.formatted(packageName, name, description, capabilities, commands);
    }

    @Test
    void pluginsWhoseMetadataThrowsAreFailedAtLoadAndPromptsStillPlan(FakeOpenAi openAi) throws Exception {
        String fine = "return \"Fine.\";";
        String oneCapability = "return List.of(Capability.of(\"noop\", \"Nothing\"));";
        String noCommands = "return List.of();";
        String boom = "throw new IllegalStateException(\"metadata exploded\");";
        Path classes = work.resolve("classes");
        PluginJars.compile(Map.of(
                "baddescription.Main", plugin("baddescription", "bad-description", boom, oneCapability, noCommands),
                "badcapabilities.Main", plugin("badcapabilities", "bad-capabilities", fine, boom, noCommands),
                "badcommands.Main", plugin("badcommands", "bad-commands", fine, oneCapability, boom)),
                List.of(PluginJars.libs().resolve("secai-api.jar")), classes);
        Path pluginsDir = copy(secai.pluginsDir(LOOKUP, GPT), work.resolve("plugins-dir"));
        for (String name : List.of("baddescription", "badcapabilities", "badcommands")) {
            PluginJars.jar(pluginsDir.resolve(name + ".jar"), classes, name,
                    Map.of("META-INF/services/io.secai.api.Plugin", name + ".Main\n"));
        }

        Engine engine = secai.start(pluginsDir, secai.modelSettings());

        assertThat(engine.plugins()).filteredOn(status -> status.state() == PluginStatus.State.FAILED)
                .extracting(status -> status.source().getFileName().toString())
                .containsExactlyInAnyOrder("badcapabilities.jar", "badcommands.jar", "baddescription.jar");
        assertThat(engine.plugins()).filteredOn(status -> status.state() == PluginStatus.State.FAILED)
                .allSatisfy(status -> assertThat(status.reason()).hasValueSatisfying(reason -> assertThat(reason)
                        .contains("could not describe itself").contains("metadata exploded")));
        assertThat(engine.plugins()).filteredOn(status -> status.state() == PluginStatus.State.LOADED)
                .extracting(PluginStatus::name).containsExactlyInAnyOrder(LOOKUP, GPT);

        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(LOOKUP_HOSTS));
        PromptOutcome outcome = await(engine.submit(session, "Which hosts are risky?", null));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(outcome.plan()).containsExactly(LOOKUP_HOSTS);
        assertThat(openAi.calls()).filteredOn(call -> isPlanning(call)).singleElement()
                .satisfies(call -> assertThat(call.systemText()).doesNotContain("bad-"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
