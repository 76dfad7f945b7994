package io.secai.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShellCommandTest {
    @Test
    void readsExactCommandShapesAsCommands() {
        assertThat(ShellCommand.parse("help").orElseThrow().command()).isEqualTo(ShellCommand.HELP);
        assertThat(ShellCommand.parse("/quit").orElseThrow().command()).isEqualTo(ShellCommand.EXIT);
        assertThat(ShellCommand.parse("Bye").orElseThrow().command()).isEqualTo(ShellCommand.EXIT);
        assertThat(ShellCommand.parse("export notes.md").orElseThrow().args()).isEqualTo(List.of("notes.md"));
        assertThat(ShellCommand.parse("sessions resume abc").orElseThrow().args()).isEqualTo(List.of("resume", "abc"));
        assertThat(ShellCommand.parse("debug on").orElseThrow().command()).isEqualTo(ShellCommand.DEBUG);
    }

    @Test
    void treatsSentencesThatStartWithACommandWordAsPrompts() {
        assertThat(ShellCommand.parse("help me read this sign-in log")).isEmpty();
        assertThat(ShellCommand.parse("export the incidents as an analytic rule")).isEmpty();
        assertThat(ShellCommand.parse("clear the filter and rerun the query")).isEmpty();
        assertThat(ShellCommand.parse("debug this KQL")).isEmpty();
        assertThat(ShellCommand.parse("usage\nof the workspace")).isEmpty();
    }

    @Test
    void joinsContinuedLinesWithANewline() {
        assertThat(Shell.joinContinuations("first \\\nsecond")).isEqualTo("first \nsecond");
    }
}
