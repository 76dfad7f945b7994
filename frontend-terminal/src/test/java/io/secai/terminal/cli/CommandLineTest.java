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

    private int run(String... args) {
        ProcessIO io = new ProcessIO(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of(), dir);
        return Main.run(args, (options, laterNotices) -> {
            seen.set(options);
            throw new SecAiException("The engine cannot start: plugins-dir is unreadable.");
        }, io);
    }

    @Test
    void helpExitsZeroEvenWhenTheEngineCannotStart() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: secai",
                "(not available: The engine cannot start: plugins-dir is unreadable.)");
    }

    @Test
    void anEngineThatCannotStartIsOneLineOnStderr() {
        assertThat(run("plugins")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("The engine cannot start: plugins-dir is unreadable.");
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() {
        run("plugins", "--plugins-dir", "some/plugins", "--auth", "device_code", "--config", "my.conf");

        assertThat(seen.get().pluginsDir()).contains(Path.of("some/plugins").toAbsolutePath());
        assertThat(seen.get().auth()).contains("device_code");
        assertThat(seen.get().configFile()).contains(Path.of("my.conf"));
        assertThat(seen.get().workingDirectory()).isEqualTo(dir);
    }

    @Test
    void anAuthenticationMethodAloneStartsTheShellWithIt() {
        run("interactive");

        assertThat(seen.get().auth()).contains("interactive");
    }

    @Test
    void anUnknownWordIsLookedUpAmongPluginCommandsWithItsArgumentsUnparsed() {
        assertThat(run("--plugins-dir", "p", "kql", "--config", "x")).isEqualTo(1);

        assertThat(seen.get().configFile()).as("--config after the plugin command belongs to it").isEmpty();
    }

    @Test
    void askNeedsAPrompt() {
        assertThat(run("ask")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required parameter: 'PROMPT'");
    }
}
