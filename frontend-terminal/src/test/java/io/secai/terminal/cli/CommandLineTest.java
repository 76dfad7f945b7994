package io.secai.terminal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.api.SecAiException;
import io.secai.engine.EngineOptions;
import io.secai.engine.auth.AuthMethod;
import io.secai.terminal.Main;

/**
 * How the command line reaches the engine's options. The engine factory here records the options and refuses to
 * start, which is also how the launcher meets an engine that cannot start.
 */
class CommandLineTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicReference<EngineOptions> seen = new AtomicReference<>();

    /** Gives every run a config file whose data folder is the test's, so the log stays out of the real home. */
    private int run(String... args) throws java.io.IOException {
        Path config = dir.resolve("my.conf");
        java.nio.file.Files.writeString(config, "secai.data-dir = \"" + dir.resolve("data") + "\"\n");
        if (!java.util.Arrays.asList(args).contains("--config")) {
            args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--config", config.toString()),
                    java.util.Arrays.stream(args)).toArray(String[]::new);
        }
        ProcessIO io = new ProcessIO(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of(), dir);
        return Main.run(args, (options, laterNotices) -> {
            seen.set(options);
            throw new SecAiException("The engine cannot start: plugins-dir is unreadable.");
        }, io);
    }

    @Test
    void helpAndVersionAnswerWithoutStartingTheEngine() throws Exception {
        assertThat(run("--help")).isZero();
        assertThat(run("--version")).isZero();

        assertThat(seen.get()).as("the engine was never asked to start").isNull();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: secai",
                "Run secai help to list the commands the plugins add.", "SecAI ", "plugin API ");
    }

    @Test
    void secaiHelpListsPluginCommandsAndExitsZeroEvenWhenTheEngineCannotStart() throws Exception {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: secai",
                "(not available: The engine cannot start: plugins-dir is unreadable.)");
    }

    @Test
    void secaiHelpOfACommandShowsItsOptionsAndAnUnknownOneIsAUsageError() throws Exception {
        assertThat(run("help", "ask")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: secai ask", "--format");
        assertThat(run("help", "nonsense")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("No command nonsense. Run secai help");
        assertThat(seen.get()).isNull();
    }

    @Test
    void anEngineThatCannotStartIsOneLineOnStderr() throws Exception {
        assertThat(run("plugins")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("The engine cannot start: plugins-dir is unreadable.");
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() throws Exception {
        run("plugins", "--plugins-dir", "some/plugins", "--auth", "device_code", "--config",
                dir.resolve("my.conf").toString());

        assertThat(seen.get().pluginsDir()).contains(Path.of("some/plugins").toAbsolutePath());
        assertThat(seen.get().auth()).contains("device_code");
        assertThat(seen.get().configFile()).contains(dir.resolve("my.conf"));
        assertThat(seen.get().workingDirectory()).isEqualTo(dir);
    }

    @Test
    void everyMethodOfTheEngineIsAcceptedByAuthAndListedInTheHelp() throws Exception {
        for (AuthMethod method : AuthMethod.values()) {
            run("plugins", "--auth", method.configName());

            assertThat(seen.get().auth()).contains(method.configName());
        }
        out.reset();
        run("--help");
        assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ")).contains(String.join(", ",
                java.util.Arrays.stream(AuthMethod.values()).map(AuthMethod::configName).toList()));
    }

    @Test
    void anUnknownAuthenticationMethodIsAUsageErrorNamingTheValidOnes() throws Exception {
        assertThat(run("plugins", "--auth", "kerberos")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown authentication method 'kerberos'",
                "access_token");
        assertThat(seen.get()).isNull();
    }

    @Test
    void anAuthenticationMethodAloneStartsTheShellWithIt() throws Exception {
        run("interactive");

        assertThat(seen.get().auth()).contains("interactive");
    }

    @Test
    void anUnknownWordIsLookedUpAmongPluginCommandsWithItsArgumentsUnparsed() throws Exception {
        assertThat(run("--plugins-dir", "p", "kql", "--debug", "x")).isEqualTo(1);

        assertThat(seen.get().pluginsDir()).contains(Path.of("p").toAbsolutePath());
        assertThat(err.toString(StandardCharsets.UTF_8)).as("--debug after the plugin command belongs to it")
                .doesNotContain("Unknown option");
    }

    @Test
    void askNeedsAPrompt() throws Exception {
        assertThat(run("ask")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'PROMPT'");
    }
}
