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
    void readsTheNewSessionActions() {
        assertThat(ShellCommand.parse("new").orElseThrow().command()).isEqualTo(ShellCommand.NEW);
        assertThat(ShellCommand.parse("sessions delete 3f2a").orElseThrow().args()).isEqualTo(List.of("delete", "3f2a"));
        assertThat(ShellCommand.parse("sessions rename 3f2a Rare account triage").orElseThrow().args())
                .isEqualTo(List.of("rename", "3f2a", "Rare", "account", "triage"));
    }

    @Test
    void mistypedOrIncompleteCommandsAreRecognisedAsSuch() {
        for (String line : List.of("export", "sessions foo", "sessions new", "sessions resume", "sessions delete",
                "sessions rename 3f2a", "debug maybe", "/help me", "/clear all")) {
            assertThat(ShellCommand.parse(line)).as(line).isEmpty();
            assertThat(ShellCommand.misused(line)).as(line).isPresent();
        }
        assertThat(ShellCommand.misused("sessions foo")).contains(ShellCommand.SESSIONS);
        assertThat(ShellCommand.misused("export")).contains(ShellCommand.EXPORT);
    }

    @Test
    void sentencesAreNotMistakenForMistypedCommands() {
        for (String line : List.of("help me read this sign-in log", "export the incidents as an analytic rule",
                "clear the filter and rerun the query", "debug this KQL", "sessions of user alice last week",
                "new sign-ins from Russia?", "clear")) {
            assertThat(ShellCommand.misused(line)).as(line).isEmpty();
        }
    }

    @Test
    void joinsContinuedLinesWithANewline() {
        assertThat(Shell.joinContinuations("first \\\nsecond")).isEqualTo("first \nsecond");
    }

    @Test
    void showTakesARowNumberAndAShortQuestionStaysAPrompt() {
        assertThat(ShellCommand.parse("show 3").orElseThrow().command()).isEqualTo(ShellCommand.SHOW);
        assertThat(ShellCommand.parse("show #12").orElseThrow().args()).isEqualTo(List.of("#12"));
        assertThat(ShellCommand.parse("show incidents")).isEmpty();
        assertThat(ShellCommand.misused("show incidents")).isEmpty();
        assertThat(ShellCommand.parse("show me the new incidents")).isEmpty();
        assertThat(ShellCommand.misused("show")).contains(ShellCommand.SHOW);
        assertThat(ShellCommand.misused("show -1")).contains(ShellCommand.SHOW);
    }
}
