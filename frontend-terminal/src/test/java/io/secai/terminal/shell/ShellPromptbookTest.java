package io.secai.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.engine.Engine;
import io.secai.terminal.render.Style;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.openai.Reply;

/** The shell's promptbook commands end to end: real engine and plugins, the model faked over HTTPS. */
class ShellPromptbookTest {
    @TempDir
    Path dir;

    private EngineFixture fixture;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(dir);
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        fixture.close();
    }

    @Test
    void savedSessionPromptsRunAgainAsAPromptbookAndABrokenFileIsNamed() throws Exception {
        fixture.plan(List.of("Answer"), call -> Reply.text("Answered."));
        Path saved = Files.createDirectories(fixture.dataDir().resolve("promptbooks"));
        Files.writeString(saved.resolve("broken.yaml"), "name: broken\ndescription: x\nprompts:\n  - See <Hots>\n");
        engine = fixture.start(dir);
        try (ShellHarness shell = new ShellHarness(engine, fixture.dataDir().resolve("history"), Style.PLAIN, 100)) {
            shell.type("first question about web-01");
            shell.awaitOutput("Answered.");
            shell.type("second question");
            shell.awaitOutput("Answered.", 2);
            shell.type("save-promptbook web-check");
            shell.awaitOutput("Saved 2 prompts as the promptbook web-check");
            shell.type("promptbooks");
            String listing = shell.awaitOutput("not loaded: ");
            assertThat(listing).contains("web-check", "incident-investigation", "IncidentNumber",
                    saved.resolve("broken.yaml") + ":4: the prompts use <Hots> but no input Hots is declared");

            shell.type("run web-check");
            String run = shell.awaitOutput("Promptbook web-check done: 2 steps.");
            assertThat(run).contains("Step 1 of 2: first question about web-01", "Step 2 of 2: second question");
            assertThat(run.indexOf("Step 2 of 2")).isGreaterThan(run.lastIndexOf("Step 1 of 2"));

            shell.type("run incident-investigation Incident=4113");
            shell.awaitOutput("has no input Incident; its inputs: IncidentNumber");
            shell.type("run incident-investigation");
            shell.awaitOutput("needs a value for IncidentNumber");
            shell.type("save-promptbook web-check");
            shell.awaitOutput("The promptbook web-check exists");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(engine.sessions().list("terminal:test").get(0).turns()).as("2 typed + 2 from the promptbook")
                .isEqualTo(4);
    }

    @Test
    void aSentenceStartingWithRunIsAPromptNotACommand() {
        assertThat(ShellCommand.parse("run the user investigation for alice@contoso.com")).isEmpty();
        assertThat(ShellCommand.parse("run incident-investigation IncidentNumber=4113"))
                .get().extracting(ShellCommand.Invocation::command).isEqualTo(ShellCommand.RUN);
        assertThat(ShellCommand.parse("run user-check User=\"Alice Smith\" Days=3")).isPresent();
        assertThat(PromptbookShell.words("User=\"Alice Smith\" Days=3")).containsExactly("User=Alice Smith", "Days=3");
        assertThat(ShellCommand.parse("save-promptbook My Check")).isEmpty();
        assertThat(Optional.of(ShellCommand.parse("save-promptbook my-check").orElseThrow().command()))
                .contains(ShellCommand.SAVE_PROMPTBOOK);
    }
}
