package io.secai.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.terminal.render.Style;

class ScriptedShellTest {
    @TempDir
    Path dir;

    @Test
    void runsAPromptAndCancelsASlowOne() throws Exception {
        try (ShellHarness shell = new ShellHarness(new ScriptedEngine(), dir.resolve("history"), Style.PLAIN, 60)) {
            shell.type("help");
            shell.awaitOutput("export FILE");
            shell.type("show me new incidents");
            shell.awaitOutput("tokens 120");
            shell.type("slow one");
            shell.awaitOutput("[1/2] sentinel-kql/run-kql started", 2);
            shell.interrupt();
            shell.awaitOutput("Cancelled");
            shell.awaitOutput("secai> ", 4);
            shell.interrupt();
            shell.awaitOutput("press Ctrl-C again");
            shell.interrupt();
            assertThat(shell.awaitExit()).isZero();
            System.out.println(shell.output());
        }
    }
}
