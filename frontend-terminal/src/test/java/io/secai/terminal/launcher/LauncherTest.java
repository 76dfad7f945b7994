package io.secai.terminal.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.tls.TestTls;

/**
 * The {@code secai} command line in a child JVM, as {@code ./secai} runs it: real engine, the built plugins, the
 * model faked over HTTPS and trusted through the JVM options the test kit writes.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private EngineFixture fixture;
    private Path config;
    private SecAiProcess secai;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new EngineFixture(dir);
        config = dir.resolve("application.conf");
        Files.writeString(config, fixture.applicationConf());
        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        secai = new SecAiProcess(home, work).jvmOptions(TestTls.shared().javaTrustOptions(dir.resolve("tls")));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private String[] withConfig(String... args) {
        return Stream.concat(Stream.of("--config", config.toString(), "--plugins-dir",
                fixture.pluginsDir().toString()), Stream.of(args)).toArray(String[]::new);
    }

    @Test
    void helpExitsZeroWithoutAnyConfiguration() throws Exception {
        SecAiProcess.Result result = secai.run("", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("Usage: secai", "ask", "plugins", "sessions", "--plugins-dir",
                "Plugin commands (from plugins-dir):");
        assertThat(result.stdout() + result.stderr()).doesNotContain("\u001b").doesNotContain("Exception");
    }

    @Test
    void secaiAndEveryPluginShowOneVersionString() throws Exception {
        SecAiProcess.Result version = secai.run("", "--version");
        SecAiProcess.Result plugins = secai.run("", "--plugins-dir", fixture.pluginsDir().toString(), "plugins");

        String secaiVersion = version.stdout().strip().replaceFirst("^SecAI (\\S+), plugin API .*$", "$1");
        assertThat(secaiVersion).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        List<String> headers = plugins.stdout().lines().filter(line -> line.endsWith("LOADED")).toList();
        assertThat(headers).hasSizeGreaterThanOrEqualTo(5).allSatisfy(line -> assertThat(line.split("\\s+")[1])
                .as(line).isEqualTo(secaiVersion));
    }

    @Test
    void secaiHelpListsTheCommandsThePluginsContribute() throws Exception {
        SecAiProcess.Result plugins = secai.run("", "--plugins-dir", fixture.pluginsDir().toString(), "help");

        assertThat(plugins.exitCode()).as(plugins.stderr()).isZero();
        String section = plugins.stdout().substring(plugins.stdout().indexOf("Plugin commands"));
        assertThat(section).doesNotContain("(not available").doesNotContain("Run secai help to list");
    }

    @Test
    void versionAndHelpAnswerWithoutStartingTheEngine() throws Exception {
        // Starting the engine creates the data folder (log, sessions); these two must not even get that far.
        Path data = dir.resolve("never-created");
        Path conf = dir.resolve("quick.conf");
        Files.writeString(conf, "secai.data-dir = \"" + data + "\"\n");
        long start = System.nanoTime();
        SecAiProcess.Result version = secai.run("", "--config", conf.toString(), "--plugins-dir",
                fixture.pluginsDir().toString(), "--version");
        long versionMillis = (System.nanoTime() - start) / 1_000_000;
        SecAiProcess.Result help = secai.run("", "--config", conf.toString(), "--plugins-dir",
                fixture.pluginsDir().toString(), "--help");

        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("SecAI ").contains("plugin API");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("Usage: secai", "Run secai help to list the commands the plugins add.");
        assertThat(data).as("the engine never started").doesNotExist();
        assertThat(dir.resolve("home").resolve(".secai")).doesNotExist();
        System.out.println("--version answered in " + versionMillis + " ms (child JVM, test class path)");
    }

    @Test
    void askWithAnEmptyPromptExitsNonZeroWithAMessageAndSendsNothing() throws Exception {
        SecAiProcess.Result result = secai.run("", withConfig("ask", ""));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("Not run:");
        assertThat(result.stdout()).isEmpty();
        assertThat(fixture.openAi().callCount()).isZero();
        Path sessions = fixture.dataDir().resolve("sessions");
        try (Stream<Path> files = Files.exists(sessions) ? Files.list(sessions) : Stream.empty()) {
            assertThat(files.filter(f -> f.toString().endsWith(".json")).toList()).as("no empty session left behind")
                    .isEmpty();
        }
    }

    @Test
    void askPrintsTheResultAsJsonAndExitsZero() throws Exception {
        fixture.plan(List.of("Say hello"), call -> Reply.text("Hello **analyst**."));

        SecAiProcess.Result result = secai.run("", withConfig("ask", "--format", "json", "say", "hello"));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.get("prompt").asText()).isEqualTo("say hello");
        assertThat(json.get("plan").get(0).get("plugin").asText()).isEqualTo("gpt");
        assertThat(json.get("tasks").get(0).get("markdown").asText()).isEqualTo("Hello **analyst**.");
        assertThat(json.get("usage").get("calls").asLong()).isEqualTo(2);
        assertThat(json.get("usage").get("totalTokens").asLong())
                .isEqualTo(fixture.openAi().promptTokens() + fixture.openAi().completionTokens());
    }

    @Test
    void askExitsNonZeroWithTheReasonWhenTheDiskIsFullForTheAuditLog() throws Exception {
        // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
        Files.writeString(config, fixture.applicationConf() + "\naudit.file = \"/dev/full\"\n");
        fixture.plan(List.of("Say hello"), call -> Reply.text("Hello."));

        SecAiProcess.Result result = secai.run("", withConfig("ask", "--format", "json", "say", "hello"));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).contains("Not saved: The audit log could not be written", "/dev/full",
                "No space left on device");
        assertThat(result.stdout()).contains("Hello.");
    }

    @Test
    void askAfterAKilledAskSaysOnStderrWhatItRecovered() throws Exception {
        // The first ask hangs in its task's model call, so that its kill -9 leaves the lock file naming it and its
        // audited start without an end; a save it never finished leaves a temporary file in the sessions folder.
        fixture.plan(List.of("Say hello"), call -> Reply.text("late").withDelay(Duration.ofMinutes(2)));
        Process victim = secai.start(withConfig("ask", "say", "hello"));
        victim.getOutputStream().close();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (fixture.openAi().callCount() < 2 && victim.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(victim.isAlive()).as("the first ask is in its task's model call").isTrue();
        victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Path sessions = Files.createDirectories(fixture.dataDir().resolve("sessions"));
        Files.writeString(sessions.resolve("s-interrupted.json.tmp"), "{\"id\":");
        fixture.plan(List.of("Say hello"), call -> Reply.text("Hello again."));

        SecAiProcess.Result result = secai.run("", withConfig("ask", "say", "hello"));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Hello again.");
        assertThat(result.stderr()).contains("! SecAI process " + victim.pid() + " (started ",
                "ended without closing; its data folder lock was taken over.");
        assertThat(result.stderr()).contains("never ended (SecAI stopped while it ran); the audit log records it "
                + "as unfinished.");
        assertThat(result.stderr()).contains("! Removed 1 temporary file(s) (6 bytes) left in " + sessions);
        assertThat(result.stdout()).doesNotContain("taken over", "unfinished", "temporary");
        assertThat(Files.exists(sessions.resolve("s-interrupted.json.tmp"))).isFalse();
    }

    @Test
    void unwritableDataFolderLeavesStandardOutputToTheAnswer() throws Exception {
        // The tests may run as root, whom file modes do not stop; nothing, root included, creates folders in /proc.
        Path data = Path.of("/proc", "secai-unwritable-" + ProcessHandle.current().pid());
        Files.writeString(config, fixture.applicationConf() + "\nsecai.data-dir = \"" + data + "\"\n");
        fixture.plan(List.of("Say hello"), call -> Reply.text("Hello."));

        SecAiProcess.Result result = secai.run("", withConfig("ask", "--format", "json", "say", "hello"));

        // Logback cannot open <data-dir>/secai.log; its own complaint must not reach standard output.
        assertThat(result.stdout()).doesNotContain("logback", "ERROR", "WARN", "|-");
        assertThat(result.stdout().strip()).satisfiesAnyOf(out -> assertThat(out).isEmpty(),
                out -> assertThat(out).startsWith("{"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("cannot be written", "secai.data-dir");
    }

    @Test
    void askPrintsTextWithoutEscapeCodesWhenPiped() throws Exception {
        fixture.plan(List.of("Say hello"), call -> Reply.text("# Hello\n\nSome *text*."));

        SecAiProcess.Result result = secai.run("", withConfig("ask", "say hello"));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("# Hello", "Some text.").doesNotContain("\u001b");
        assertThat(result.stderr()).contains("tokens ");
    }

    @Test
    void askExitsOneWithTheReasonOnStderrWhenATaskFails() throws Exception {
        fixture.plan(List.of("Write something"), call -> Reply.contentFilter("violence"));

        SecAiProcess.Result result = secai.run("", withConfig("ask", "--format", "json", "write something"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("Failed: ");
        assertThat(new ObjectMapper().readTree(result.stdout()).get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void aSessionStartedByAskIsResumedByTheShellAfterARestart() throws Exception {
        fixture.plan(List.of("Say hello"), call -> Reply.text("Hello."));
        SecAiProcess.Result ask = secai.run("", withConfig("ask", "--format", "json", "say hello"));
        String sessionId = new ObjectMapper().readTree(ask.stdout()).get("sessionId").asText();

        SecAiProcess.Result shell = secai.run("usage\nbye\n", withConfig("--session", sessionId));

        assertThat(shell.exitCode()).isZero();
        assertThat(shell.stdout()).contains("Resumed session " + sessionId + " (1 prompt)", "say hello",
                "session total");
        SecAiProcess.Result sessions = secai.run("", withConfig("sessions"));
        assertThat(sessions.stdout()).contains(sessionId, "say hello");
    }

    @Test
    void pipedShellAnswersHelpLeavesWithZeroAndWritesNoEscapeCodes() throws Exception {
        SecAiProcess.Result result = secai.run("help\nbye\n", withConfig());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("Commands", "export FILE", "Bye.");
        assertThat(result.stdout() + result.stderr()).doesNotContain("\u001b");
    }

    @Test
    void noColorKeepsEscapeCodesOut() throws Exception {
        fixture.plan(List.of("Say hello"), call -> Reply.text("**bold**"));

        SecAiProcess.Result result = secai.env("NO_COLOR", "1").run("", withConfig("ask", "say hello"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout() + result.stderr()).doesNotContain("\u001b");
    }

    @Test
    void pluginsNamesTheCorruptJarAndExitsZero() throws Exception {
        Path plugins = pluginsDirWithACorruptJar();

        SecAiProcess.Result result = secai.run("", "--config", config.toString(), "plugins", "--plugins-dir",
                plugins.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("gpt", "LOADED", "broken.jar", "FAILED", "reason:",
                "capabilities: answer");
        assertThat(result.stdout()).contains(plugins.resolve("broken.jar").toString());
    }

    @Test
    void shellReportsABrokenPluginAtStartAndStillRuns() throws Exception {
        Path plugins = pluginsDirWithACorruptJar();

        SecAiProcess.Result result = secai.run("plugins\nbye\n", "--config", config.toString(), "--plugins-dir",
                plugins.toString());

        assertThat(result.exitCode()).isZero();
        String start = result.stdout().substring(0, result.stdout().indexOf("secai> "));
        assertThat(start).contains("broken.jar");
        assertThat(result.stdout()).contains("FAILED", "Bye.");
    }

    @Test
    void firstRunWithoutConfigurationSaysWhatToSetAndStartsTheShell() throws Exception {
        SecAiProcess.Result result = secai.run("bye\n", "--plugins-dir", fixture.pluginsDir().toString());

        assertThat(result.exitCode()).isZero();
        String start = result.stdout().substring(0, result.stdout().indexOf("secai> "));
        assertThat(start).contains("AZURE_OPENAI_ENDPOINT");
        assertThat(result.stdout()).contains("Bye.");
    }

    @Test
    void unknownAuthenticationMethodIsAUsageError() throws Exception {
        SecAiProcess.Result result = secai.run("", withConfig("--auth", "magic", "plugins"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("Unknown authentication method 'magic'");
    }

    @Test
    void webServesTheApiOnLocalhostWithTheTokenItShowsOnceInALoginLinkAndKeepsItUntilRotated() throws Exception {
        String[] first = startWebAndCheck(withConfig("web", "--port", "0"));
        Path kept = fixture.dataDir().resolve("web-token");
        assertThat(Files.readString(kept).strip()).isEqualTo(first[1]);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
        assertThat(first[2]).contains("new in " + kept);

        String[] again = startWebAndCheck(withConfig("web", "--port", "0"));
        assertThat(again[1]).as("the token survives a restart").isEqualTo(first[1]);
        assertThat(again[2]).contains("kept in " + kept);

        String[] rotated = startWebAndCheck(withConfig("web", "--port", "0", "--rotate-token"));
        assertThat(rotated[1]).as("--rotate-token makes a new one").isNotEqualTo(first[1]);
        assertThat(Files.readString(kept).strip()).isEqualTo(rotated[1]);
        try (Stream<Path> files = Files.walk(fixture.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(kept)).toList()) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("no token in %s", file).doesNotContain(first[1]).doesNotContain(rotated[1]);
            }
        }
    }

    /** Starts secai web, checks its API with the token of the printed login link; returns url, token, the lines. */
    private String[] startWebAndCheck(String... args) throws Exception {
        Process web = secai.start(args);
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                    web.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String url = null;
            String token = null;
            StringBuilder lines = new StringBuilder();
            for (String line = out.readLine(); line != null && token == null; line = out.readLine()) {
                lines.append(line).append('\n');
                if (line.startsWith("SecAI web is serving ")) {
                    url = line.substring("SecAI web is serving ".length());
                } else if (line.startsWith("  http") && line.contains("/login?token=")) {
                    token = line.substring(line.indexOf("/login?token=") + "/login?token=".length());
                }
            }
            assertThat(url).startsWith("http://127.0.0.1:");
            assertThat(lines.toString()).as("the token appears once, in the link").containsOnlyOnce(token);
            java.net.http.HttpResponse<String> plugins = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/plugins"))
                            .header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(plugins.statusCode()).isEqualTo(200);
            assertThat(plugins.body()).contains("gpt");
            java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/plugins")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            return new String[] {url, token, lines.toString()};
        } finally {
            web.destroy();
            assertThat(web.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private Path pluginsDirWithACorruptJar() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path gpt = Files.createDirectories(plugins.resolve("plugin-gpt"));
        try (Stream<Path> jars = Files.list(fixture.pluginsDir().resolve("plugin-gpt"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, gpt.resolve(jar.getFileName()));
            }
        }
        Files.write(plugins.resolve("broken.jar"), "this is not a zip file".getBytes());
        return plugins;
    }
}
