package io.secai.engine.platform;

import io.secai.api.ApiVersion;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.engine.EngineOptions;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.loading.PluginJars;
import io.secai.engine.loading.ScriptedTaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugins built outside the reactor, against the secai-api jar alone, dropped into a plugins folder next to broken
 * ones, and loaded by a real platform.
 */
class PlatformPluginLoadingTest {

    private static final String PROBE = """
            package probe;

            import io.secai.api.*;
            import java.util.List;

            public final class VersionProbePlugin implements Plugin {
                private PluginContext context;

                public String name() { return "version-probe"; }
                public String version() { return "1.2.3"; }
                public String apiVersion() { return ApiVersion.CURRENT; }
                public String description() { return "Reports the jackson-core version it sees."; }
                public List<Capability> capabilities() { return List.of(Capability.of("report", "Report versions")); }
                public void start(PluginContext context) { this.context = context; }

                public TaskResult run(Task task, TaskContext taskContext) {
                    String jackson = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
                    boolean ownContextLoader =
                            Thread.currentThread().getContextClassLoader() == getClass().getClassLoader();
                    String llm = context.client(LlmClient.class).map(c -> "tokens=" + c.countTokens("abcd"))
                            .orElse("none");
                    return TaskResult.builder()
                            .markdown("jackson-core " + jackson)
                            .contextText("jackson=" + jackson + ";contextLoader=" + ownContextLoader
                                    + ";greeting=" + context.settings().string("plugins.version-probe.greeting")
                                            .orElse("missing")
                                    + ";llm=" + llm
                                    + ";tokenProvider=" + context.client(TokenProvider.class).isPresent())
                            .build();
                }

                public List<CommandContribution> commands() {
                    return List.of(
                            CommandContribution.of("probe", "Print the jackson-core version", (args, io) -> {
                                io.out().println("jackson-core "
                                        + com.fasterxml.jackson.core.json.PackageVersion.VERSION
                                        + " data " + io.plugin().dataDirectory());
                                return 0;
                            }),
                            CommandContribution.of("probe-fail", "Always fails", (args, io) -> {
                                throw new IllegalStateException("the probe broke");
                            }));
                }
            }
            """;

    private static final String ECHO_LLM = """
            package echo;

            import io.secai.api.*;

            public final class EchoLlmProvider implements ClientProvider {
                public Class<? extends Client> type() { return LlmClient.class; }
                public String apiVersion() { return ApiVersion.CURRENT; }
                public Client create(PluginContext context) {
                    return new LlmClient() {
                        public ChatResponse complete(ChatRequest request) {
                            return ChatResponse.of("echo", TokenUsage.NONE, "stop");
                        }
                        public int countTokens(String text) { return text.length(); }
                    };
                }
            }
            """;

    private static final String ECHO_TOKENS = """
            package echo;

            import io.secai.api.*;
            import java.util.Set;

            public final class ShadowTokenProvider implements ClientProvider {
                public Class<? extends Client> type() { return TokenProvider.class; }
                public String apiVersion() { return ApiVersion.CURRENT; }
                public Client create(PluginContext context) {
                    return (TokenProvider) scopes -> { throw new IllegalStateException("never used"); };
                }
            }
            """;

    private static String plugin(String packageName, String name, String apiVersion, String start) {
        return """
                package %1$s;

                import io.secai.api.*;
                import java.util.List;

                public final class Main implements Plugin {
                    public String name() { return "%2$s"; }
                    public String version() { return "0.1"; }
                    public String apiVersion() { return %3$s; }
                    public String description() { return "Test plugin %2$s."; }
                    public List<Capability> capabilities() { return List.of(Capability.of("noop", "Nothing")); }
                    public void start(PluginContext context) { %4$s }
                    public TaskResult run(Task task, TaskContext context) { return TaskResult.success("ok"); }
                }
                """.formatted(packageName, name, apiVersion, start);
    }

    private static final String NO_NO_ARG = """
            package nonoarg;

            import io.secai.api.*;
            import java.util.List;

            public final class Main implements Plugin {
                public Main(String required) { }
                public String name() { return "no-no-arg"; }
                public String version() { return "0.1"; }
                public String apiVersion() { return ApiVersion.CURRENT; }
                public String description() { return "Cannot be created."; }
                public List<Capability> capabilities() { return List.of(Capability.of("noop", "Nothing")); }
                public TaskResult run(Task task, TaskContext context) { return TaskResult.success("ok"); }
            }
            """;

    private static final String SERVICES = "META-INF/services/io.secai.api.Plugin";
    private static final String CLIENT_SERVICES = "META-INF/services/io.secai.api.ClientProvider";

    @TempDir
    static Path work;
    static Path pluginsDir;
    static Platform platform;

    @BeforeAll
    static void buildPluginsAndStart() throws Exception {
        Path libs = PluginJars.libs();
        Path api = libs.resolve("secai-api.jar");
        Path oldJackson = libs.resolve("jackson-core-2.17.2.jar");
        Path classes = work.resolve("classes");
        PluginJars.compile(Map.of(
                "probe.VersionProbePlugin", PROBE,
                "echo.EchoLlmProvider", ECHO_LLM,
                "echo.ShadowTokenProvider", ECHO_TOKENS,
                "future.Main", plugin("future", "future-api", "\"2.0\"", ""),
                "failing.Main", plugin("failing", "failing-start", "ApiVersion.CURRENT",
                        "throw new SecAiException(\"cannot reach the moon\");"),
                "copy.Main", plugin("copy", "version-probe", "ApiVersion.CURRENT", ""),
                "lonely.Main", plugin("lonely", "lonely", "ApiVersion.CURRENT", ""),
                "nonoarg.Main", NO_NO_ARG), List.of(api, oldJackson), classes);

        pluginsDir = work.resolve("plugins-dir");
        Path probeFolder = pluginsDir.resolve("version-probe");
        PluginJars.jar(probeFolder.resolve("version-probe.jar"), classes, "probe", Map.of(
                SERVICES, "probe.VersionProbePlugin\n",
                "reference.conf", "plugins.version-probe.greeting = \"hello from reference.conf\"\n"));
        Files.copy(oldJackson, probeFolder.resolve(oldJackson.getFileName()));
        PluginJars.jar(pluginsDir.resolve("echo-clients.jar"), classes, "echo", Map.of(
                CLIENT_SERVICES, "echo.EchoLlmProvider\necho.ShadowTokenProvider\n"));
        PluginJars.jar(pluginsDir.resolve("future-api.jar"), classes, "future", Map.of(SERVICES, "future.Main\n"));
        PluginJars.jar(pluginsDir.resolve("failing-start.jar"), classes, "failing",
                Map.of(SERVICES, "failing.Main\n"));
        PluginJars.jar(pluginsDir.resolve("version-probe-copy.jar"), classes, "copy",
                Map.of(SERVICES, "copy.Main\n"));
        PluginJars.jar(pluginsDir.resolve("no-provider.jar"), classes, "lonely", Map.of());
        PluginJars.jar(pluginsDir.resolve("no-no-arg.jar"), classes, "nonoarg", Map.of(SERVICES, "nonoarg.Main\n"));
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        Files.write(pluginsDir.resolve("corrupt.jar"), noise);
        Files.writeString(pluginsDir.resolve("README.md"), "Not a plugin.");

        EngineOptions options = new EngineOptions(Optional.empty(), Optional.of(pluginsDir), Optional.of("none"),
                work, Map.of(), Map.of("secai.data-dir", work.resolve("data").toString()));
        platform = Platform.start(options, HostClients.NONE);
    }

    @AfterAll
    static void close() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void pluginBuiltAgainstTheApiJarAloneLoadsAndRunsWithItsOwnJacksonVersion() throws Exception {
        LoadedPlugin probe = platform.plugins().stream().filter(plugin -> plugin.name().equals("version-probe"))
                .findFirst().orElseThrow();

        TaskResult result = probe.call(() -> probe.plugin().run(
                Task.of("version-probe", "report", "which jackson?"), new ScriptedTaskContext()));

        assertThat(result.markdown()).isEqualTo("jackson-core 2.17.2");
        assertThat(result.contextText().orElseThrow()).contains("jackson=2.17.2;contextLoader=true");
        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).startsWith("2.18.");
        assertThat(probe.source()).isEqualTo(pluginsDir.resolve("version-probe"));
    }

    @Test
    void pluginSeesItsReferenceConfAndClientsFromHostAndOtherJars() throws Exception {
        LoadedPlugin probe = platform.plugins().get(0);

        TaskResult result = probe.call(() -> probe.plugin().run(
                Task.of("version-probe", "report", "x"), new ScriptedTaskContext()));

        assertThat(result.contextText().orElseThrow()).contains("greeting=hello from reference.conf", "llm=tokens=4",
                "tokenProvider=true");
        assertThat(platform.settings().string("plugins.version-probe.greeting")).contains("hello from reference.conf");
    }

    @Test
    void everyBrokenPluginIsReportedWithAPlainReasonAndTheRestLoads() {
        assertThat(platform.plugins()).extracting(LoadedPlugin::name).containsExactly("version-probe");
        assertThat(platform.statuses()).extracting(status -> status.source().getFileName().toString())
                .containsExactly("corrupt.jar", "echo-clients.jar", "echo-clients.jar", "failing-start.jar",
                        "future-api.jar", "no-no-arg.jar", "no-provider.jar", "version-probe",
                        "version-probe-copy.jar");

        assertThat(reason("corrupt.jar")).startsWith("corrupt.jar is not a readable jar");
        assertThat(reason("failing-start.jar")).isEqualTo("start failed: cannot reach the moon");
        assertThat(reason("future-api.jar")).isEqualTo("built for API 2.0, this SecAI runs " + ApiVersion.CURRENT);
        assertThat(reason("no-no-arg.jar")).isEqualTo("nonoarg.Main has no public no-argument constructor, which"
                + " Plugin providers need");
        assertThat(reason("no-provider.jar")).isEqualTo("no-provider.jar declares no plugin: it needs"
                + " META-INF/services/io.secai.api.Plugin naming its plugin class");
        assertThat(reason("version-probe-copy.jar"))
                .isEqualTo("the name 'version-probe' is already taken by the plugin from version-probe");
        assertThat(platform.statuses()).filteredOn(status -> status.source().endsWith("echo-clients.jar"))
                .extracting(PluginStatus::state, status -> status.reason().orElse(""))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(PluginStatus.State.FAILED, "client provider"
                                + " echo.ShadowTokenProvider offers TokenProvider, which SecAI already provides"),
                        org.assertj.core.groups.Tuple.tuple(PluginStatus.State.LOADED, ""));
    }

    @Test
    void loadedPluginReportsWhatItIsAndWhereItCameFrom() {
        PluginStatus probe = platform.statuses().stream().filter(PluginStatus::loaded)
                .filter(status -> status.name().equals("version-probe")).findFirst().orElseThrow();

        assertThat(probe.version()).isEqualTo("1.2.3");
        assertThat(probe.apiVersion()).isEqualTo(ApiVersion.CURRENT);
        assertThat(probe.capabilities()).extracting(capability -> capability.name()).containsExactly("report");
        assertThat(probe.reason()).isEmpty();
    }

    @Test
    void failedPluginsAreNoticesForTheUser() {
        assertThat(platform.notices())
                .anyMatch(line -> line.startsWith("Plugin corrupt.jar (corrupt.jar) failed: corrupt.jar is not"))
                .anyMatch(line -> line.contains("failing-start") && line.contains("cannot reach the moon"))
                .anyMatch(line -> line.startsWith("Authentication is off (--auth none)"));
    }

    @Test
    void pluginCommandsRunInThePluginAndTurnExceptionsIntoExitCodeOne() {
        assertThat(platform.commands()).extracting(PluginCommand::name).containsExactly("probe", "probe-fail");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int ok = platform.commands().get(0).run(List.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int failed = platform.commands().get(1).run(List.of(), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(ok).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("jackson-core 2.17.2 data "
                + work.resolve("data").resolve("plugins").resolve("version-probe"));
        assertThat(Files.isDirectory(work.resolve("data/plugins/version-probe"))).isTrue();
        assertThat(failed).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("version-probe probe-fail: IllegalStateException: the probe broke");
    }

    private static String reason(String fileName) {
        return platform.statuses().stream().filter(status -> status.source().getFileName().toString()
                        .equals(fileName))
                .findFirst().orElseThrow().reason().orElse("(loaded)");
    }
}
