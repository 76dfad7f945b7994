package io.secai.engine.platform;

import io.secai.api.Task;
import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.testing.EndToEndPlugins;
import io.secai.engine.testing.EngineUnderTest;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.engine.PluginStatus;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.loading.PluginJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.secai.engine.testing.EngineFixtures.OWNER;
import static io.secai.engine.testing.EngineFixtures.await;
import static io.secai.engine.testing.PlanReplies.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugins start on background threads, side by side, while the platform's start returns; whatever asks for them
 * waits. Every plugin here decides for itself when its start ends (it waits for a file), so nothing depends on how
 * fast the machine is.
 */
class PluginStartInBackgroundTest {

    private static final String SERVICES = "META-INF/services/io.secai.api.Plugin";

    /** A plugin whose start waits (up to 20 s) for a file, then throws {@code failure} if that is not null. */
    private static String plugin(String packageName, String name, String waitFor, String touch, String failure) {
        return """
                package %1$s;

                import io.secai.api.*;
                import java.nio.file.*;
                import java.util.List;

                public final class Main implements Plugin {
                    public String name() { return "%2$s"; }
                    public String version() { return "0.1"; }
                    public String apiVersion() { return ApiVersion.CURRENT; }
                    public String description() { return "Test plugin %2$s."; }
                    public List<Capability> capabilities() { return List.of(Capability.of("noop", "Nothing")); }
                    public void start(PluginContext context) {
                        try {
                            String touch = "%4$s";
                            if (!touch.isEmpty()) {
                                Files.writeString(Path.of(touch), "started");
                            }
                            String waitFor = "%3$s";
                            long deadline = System.nanoTime() + 20_000_000_000L;
                            while (!waitFor.isEmpty() && !Files.exists(Path.of(waitFor))) {
                                if (System.nanoTime() > deadline) {
                                    throw new SecAiException("waited 20 s for " + waitFor);
                                }
                                Thread.sleep(20);
                            }
                        } catch (java.io.IOException | InterruptedException e) {
                            throw new SecAiException(e.toString());
                        }
                        String failure = %5$s;
                        if (failure != null) {
                            throw new SecAiException(failure);
                        }
                    }
                    public TaskResult run(Task task, TaskContext context) { return TaskResult.success("ok"); }
                }
                """.formatted(packageName, name, waitFor, touch, failure == null ? "null" : "\"" + failure + "\"");
    }

    @RegisterExtension
    final EngineUnderTest secai = new EngineUnderTest();

    @TempDir
    static Path work;
    static Path classes;
    static Path signals;

    @BeforeAll
    static void compile() throws Exception {
        Path api = PluginJars.libs().resolve("secai-api.jar");
        classes = work.resolve("classes");
        signals = Files.createDirectories(work.resolve("signals"));
        String release = signals.resolve("release").toString();
        String aStarted = signals.resolve("a-started").toString();
        String bStarted = signals.resolve("b-started").toString();
        PluginJars.compile(Map.of(
                // Each of these two finishes its start only once the other has begun its own: one after the other,
                // the first would wait 20 s and fail.
                "pair.a.Main", plugin("pair.a", "pair-a", bStarted, aStarted, null),
                "pair.b.Main", plugin("pair.b", "pair-b", aStarted, bStarted, null),
                "gated.Main", plugin("gated", "gated", release, "", null),
                "late.Main", plugin("late", "late-failure", release, "", "the vault is sealed"),
                "claim.one.Main", plugin("claim.one", "claimed", "", "", "the first claimant is broken"),
                "claim.two.Main", plugin("claim.two", "claimed", "", "", null)), List.of(api), classes);
    }

    private static Path folder(String name, String... packages) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        for (String packageName : packages) {
            PluginJars.jar(dir.resolve(packageName + ".jar"), classes, packageName,
                    Map.of(SERVICES, packageName + ".Main\n"));
        }
        return dir;
    }

    private static Platform start(Path pluginsDir) {
        EngineOptions options = new EngineOptions(Optional.empty(), Optional.of(pluginsDir), Optional.of("none"),
                work, Map.of(), Map.of("secai.data-dir", work.resolve("data-" + pluginsDir.getFileName()).toString()));
        return Platform.start(options, HostClients.NONE);
    }

    @Test
    void pluginsStartSideBySide() throws Exception {
        try (Platform platform = start(folder("pair", "pair.a", "pair.b"))) {
            assertThat(platform.statuses()).extracting(PluginStatus::name, PluginStatus::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("pair-a", Optional.empty()),
                            org.assertj.core.groups.Tuple.tuple("pair-b", Optional.empty()));
        }
    }

    @Test
    void theStartReturnsBeforeASlowPluginHasStartedAndTheListWaitsForIt() throws Exception {
        Path release = signals.resolve("release");
        Files.deleteIfExists(release);
        try (Platform platform = start(folder("gated", "gated", "late"))) {
            // The platform is up (settings, host clients) while both plugins still wait for the release.
            assertThat(platform.settings().string("secai.data-dir")).isPresent();
            CompletableFuture<List<String>> names = CompletableFuture.supplyAsync(
                    () -> platform.plugins().stream().map(LoadedPlugin::name).toList());
            CompletableFuture<List<String>> notices = CompletableFuture.supplyAsync(platform::notices);
            Thread.sleep(300);
            assertThat(names).isNotDone();
            assertThat(notices).isNotDone();

            Files.writeString(release, "go");

            assertThat(names.get(30, TimeUnit.SECONDS)).containsExactly("gated");
            // The plugin that failed in the background is a notice of the start, as before, with its reason.
            assertThat(notices.get(30, TimeUnit.SECONDS)).contains(
                    "Plugin late-failure (late.jar) failed: start failed: the vault is sealed");
            assertThat(platform.statuses()).filteredOn(status -> status.name().equals("late-failure"))
                    .extracting(PluginStatus::state).containsExactly(PluginStatus.State.FAILED);
        } finally {
            Files.deleteIfExists(release);
        }
    }

    @Test
    void whenTheFirstPluginOfANameFailsToStartTheNextOneKeepsTheName() throws Exception {
        try (Platform platform = start(folder("claims", "claim.one", "claim.two"))) {
            assertThat(platform.plugins()).extracting(plugin -> plugin.source().getFileName().toString())
                    .containsExactly("claim.two.jar");
            assertThat(platform.statuses()).extracting(status -> status.source().getFileName().toString(),
                            status -> status.reason().orElse(""))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("claim.one.jar",
                                    "start failed: the first claimant is broken"),
                            org.assertj.core.groups.Tuple.tuple("claim.two.jar", ""));
        }
    }

    @Test
    void aPromptSubmittedWhileAPluginStartsReturnsAtOnceAndIsPlannedWithItOnceStarted(FakeOpenAi openAi)
            throws Exception {
        Path release = signals.resolve("release");
        Files.deleteIfExists(release);
        Path pluginsDir = folder("engine", "gated", "late");
        try (var jars = Files.list(secai.pluginsDir(EndToEndPlugins.GPT))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
            }
        }
        try {
            // The engine is up and its sessions usable while the plugins still wait for the release.
            Engine engine = secai.start(pluginsDir, secai.modelSettings());
            String session = engine.sessions().create(OWNER).id();
            Task hello = Task.of(EndToEndPlugins.GPT, EndToEndPlugins.ANSWER, "Say hello");
            openAi.reply(plan(hello), Reply.text("Hello."));

            PromptRun run = engine.submit(session, "say hello", ProgressListener.NONE);
            Thread.sleep(300);
            assertThat(run.outcome()).isNotDone();
            assertThat(openAi.calls()).isEmpty();

            Files.writeString(release, "go");
            PromptOutcome outcome = await(run);

            assertThat(outcome.status()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
            // The planner was offered the plugin that was slow to start, and not the one that failed.
            assertThat(openAi.calls().get(0).systemText()).contains("Test plugin gated.")
                    .doesNotContain("late-failure");
            assertThat(engine.notices())
                    .contains("Plugin late-failure (late.jar) failed: start failed: the vault is sealed");
            assertThat(engine.plugins()).extracting(PluginStatus::name)
                    .containsExactly("gated", "gpt", "late-failure");
        } finally {
            Files.deleteIfExists(release);
        }
    }
}
