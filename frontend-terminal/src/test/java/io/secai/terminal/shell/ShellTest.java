package io.secai.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.api.Task;
import io.secai.engine.Engine;
import io.secai.terminal.logging.LogSetup;
import io.secai.terminal.render.Style;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.openai.Reply;

/** The shell end to end: real engine, real plugins from plugins-dir, the model faked over HTTPS, a dumb terminal. */
class ShellTest {
    private static final String TABLE_ANSWER = """
            ## New incidents

            | Incident | Title | Severity |
            |---:|---|---|
            | 101 | Multiple failed sign-in attempts followed by a success from an unfamiliar location | High |
            | 102 | Malware detected | Medium |
            """;

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

    private ShellHarness shell(int width) throws Exception {
        engine = fixture.start(dir);
        return new ShellHarness(engine, fixture.dataDir().resolve("history"), Style.PLAIN, width);
    }

    @Test
    void twoTaskPromptShowsThePlanEachTasksProgressAndATableFittedToTheWidth() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        fixture.plan(List.of("List the new incidents as a table", "Summarise them"),
                call -> answers.incrementAndGet() == 1 ? Reply.text(TABLE_ANSWER)
                        : Reply.text("Two incidents, **one high**."));
        try (ShellHarness shell = shell(60)) {
            shell.type("show me the new incidents and summarise them");
            String output = shell.awaitOutput("tokens ");

            assertThat(output).contains("Plan (2 tasks)", "1. gpt/answer: List the new incidents as a table",
                    "2. gpt/answer: Summarise them", "[1/2] gpt/answer started", "[1/2] gpt/answer done in",
                    "[2/2] gpt/answer started", "[2/2] gpt/answer done in", "## New incidents",
                    "Two incidents, one high.");
            List<String> tableLines = Arrays.stream(output.split("\\R"))
                    .filter(line -> line.contains(" | ")).toList();
            assertThat(tableLines).hasSize(3);
            assertThat(tableLines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
            assertThat(tableLines.get(1)).startsWith("      101 | Multiple failed").contains("...").endsWith("| High");
            assertThat(output.indexOf("[2/2] gpt/answer done in")).isLessThan(output.indexOf("## New incidents"));
            assertThat(output).doesNotContain("\u001b");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void kqlThenSummaryShowsTheQueryAndTheRowsFittedToTheWidth() throws Exception {
        fixture.script(List.of(Task.of("sentinel-kql", "run-kql", "List the new incidents of the last 30 days"),
                        Task.of("gpt", "answer", "Summarise the new incidents")),
                "SecurityIncident\n| where Status == \"New\"",
                call -> Reply.text("Two new incidents; **4113** is High."));
        try (ShellHarness shell = shell(100)) {
            shell.type("show me the new incidents of the last 30 days and summarise them");
            String output = shell.awaitOutput("tokens ");

            assertThat(output).contains("Plan (2 tasks)", "[1/2] sentinel-kql/run-kql started",
                    "[1/2] sentinel-kql/run-kql done in", "[2/2] gpt/answer started", "[2/2] gpt/answer done in",
                    "-- 1/2 sentinel-kql/run-kql", "-- 2/2 gpt/answer", "Two new incidents; 4113 is High.",
                    "(2 rows)", "Time range: 30 days");
            assertThat(output).doesNotContain("PT720H");
            assertThat(output).containsPattern("\n {6}KQL: SecurityIncident \\| where Status == \"New\"");
            assertThat(output).containsPattern("\n {4}SecurityIncident\\R {4}\\| where Status == \"New\"");
            List<String> lines = Arrays.asList(output.split("\\R"));
            int header = lines.indexOf(lines.stream().filter(l -> l.startsWith(" TimeGenerated")).findFirst()
                    .orElseThrow());
            List<String> table = lines.subList(header, header + 4);
            assertThat(table).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
            assertThat(table.get(0)).startsWith(" TimeGenerated        | Incid... | Title");
            assertThat(table.get(2)).startsWith(" 2026-11-24T10:00:00Z |     4113 | Multi-stage attack on contoso")
                    .contains("...").endsWith("| High     | New");
            assertThat(table.get(3)).contains("4126", "Suspicious PowerShell download cradle", "Medium");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void clearClearsTheScreenOnlyAndTheSessionKeepsItsPrompts() throws Exception {
        fixture.plan(List.of("Answer"), call -> Reply.text("First answer."));
        Path file = dir.resolve("after-clear.md");
        try (ShellHarness shell = shell(80)) {
            shell.type("first question");
            shell.awaitOutput("First answer.");
            shell.type("clear");
            shell.awaitOutput("Screen cleared; this session keeps its prompts");
            shell.type("usage");
            String usage = shell.awaitOutput("session total");
            assertThat(usage).doesNotContain("No prompts in this session yet.");
            shell.type("export " + file);
            shell.awaitOutput("Exported 1 prompt to " + file);
            shell.type("exit");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(Files.readString(file)).contains("## 1. first question");
        assertThat(engine.sessions().list("terminal:test")).singleElement()
                .satisfies(session -> assertThat(session.turns()).isEqualTo(1));
    }

    @Test
    void mistypedOrIncompleteCommandsGetTheirUsageAndNeverReachTheModel() throws Exception {
        try (ShellHarness shell = shell(100)) {
            shell.type("export");
            shell.awaitOutput("Usage: export FILE");
            shell.type("sessions foo");
            shell.type("sessions new");
            shell.type("sessions rename abc");
            shell.type("sessions delete");
            shell.awaitOutput("Usage: sessions [list | resume ID | delete ID | rename ID TITLE]", 4);
            shell.type("debug maybe");
            shell.awaitOutput("Usage: debug on|off");
            shell.type("/plugins everything");
            shell.awaitOutput("Usage: plugins");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(fixture.openAi().calls()).as("nothing went to the model").isEmpty();
        assertThat(engine.sessions().list("terminal:test")).as("no session titled export").isEmpty();
    }

    @Test
    void noEmptySessionIsLeftBehindByAStartOrARefusedPrompt() throws Exception {
        try (ShellHarness shell = shell(100)) {
            shell.awaitOutput("secai> ");
            shell.type("x".repeat(8_001));
            shell.awaitOutput("Not run: The prompt has 8,001 characters");
            shell.type("new");
            shell.awaitOutput("New session");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(fixture.openAi().calls()).isEmpty();
        assertThat(engine.sessions().list("terminal:test")).isEmpty();
    }

    @Test
    void newStartsAFreshSessionAndSessionsAreDeletedAndRenamedByAnIdPrefix() throws Exception {
        fixture.plan(List.of("Answer"), call -> Reply.text("Answered."));
        try (ShellHarness shell = shell(120)) {
            shell.type("the first question");
            shell.awaitOutput("Answered.");
            shell.type("new");
            shell.awaitOutput("New session");
            shell.type("the second question");
            shell.awaitOutput("Answered.", 2);
            List<io.secai.engine.session.SessionInfo> sessions = engine.sessions().list("terminal:test");
            assertThat(sessions).hasSize(2);
            assertThat(fixture.openAi().calls().get(fixture.openAi().calls().size() - 1).allText())
                    .as("the new session has none of the earlier context").doesNotContain("the first question");
            String second = sessions.get(0).id();
            String first = sessions.get(1).id();
            String firstPrefix = first.substring(0, 8);

            shell.type("sessions rename " + firstPrefix + " Rare account triage");
            shell.awaitOutput("Renamed session " + first + " to \"Rare account triage\".");
            assertThat(engine.sessions().find("terminal:test", first).orElseThrow().title())
                    .isEqualTo("Rare account triage");
            shell.type("sessions resume " + firstPrefix);
            shell.awaitOutput("Resumed session " + first + " (1 prompt).");
            shell.type("sessions delete " + second.substring(0, 6));
            shell.awaitOutput("Deleted session " + second + " (1 prompt).");
            shell.type("sessions delete zzzz");
            shell.awaitOutput("No session zzzz.");
            shell.type("sessions");
            assertThat(shell.awaitOutput("sessions resume ID")).contains("Rare account triage");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(engine.sessions().list("terminal:test")).extracting(s -> s.title())
                .containsExactly("Rare account triage");
    }

    @Test
    void privacyOnSendsTokensToTheModelAndShowsTheRealValuesAndOffSendsThemAsTheyAre() throws Exception {
        fixture.plan(List.of("Answer"), call -> Reply.text("USER_1@contoso.com signed in from IP_1, twice."));
        String question = "who signed in as amelia.ross@contoso.com from 10.20.30.40?";
        try (ShellHarness shell = shell(100)) {
            shell.type("privacy");
            shell.awaitOutput("Anonymization is off");
            shell.type("privacy on");
            shell.awaitOutput("Anonymization is on");
            shell.type(question);
            String screen = shell.awaitOutput("tokens ");
            assertThat(screen.substring(screen.indexOf("gpt/answer ---")))
                    .contains("amelia.ross@contoso.com signed in from 10.20.30.40, twice.")
                    .doesNotContain("USER_1", "IP_1");
            assertThat(fixture.openAi().calls()).isNotEmpty().allSatisfy(call -> assertThat(call.body())
                    .doesNotContain("amelia.ross", "10.20.30.40"))
                    .anySatisfy(call -> assertThat(call.body()).contains("USER_1@contoso.com from IP_1"));
            int sent = fixture.openAi().calls().size();
            shell.type("privacy off");
            shell.awaitOutput("Anonymization is off", 2);
            shell.type(question + " again");
            shell.awaitOutput("tokens ", 2);
            assertThat(fixture.openAi().calls().subList(sent, fixture.openAi().calls().size()))
                    .anySatisfy(call -> assertThat(call.body()).contains("amelia.ross@contoso.com from 10.20.30.40"));
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void aFailedPromptNamesTheLogByItsPathAndTheLogHasTheDetails() throws Exception {
        fixture.plan(List.of("Answer"), call -> Reply.status(400, "{\"error\":{\"code\":\"BadRequest\","
                + "\"message\":\"deployment is sulking\"}}"));
        // As the launcher does: the log goes to this test's folder (logback-test.xml names it secai-test.log).
        LogSetup.configure(dir, true);
        try (ShellHarness shell = shell(100)) {
            shell.type("debug on");
            shell.awaitOutput("Debug output is on.");
            shell.type("a question that fails");
            String output = shell.awaitOutput("Run details are in ");
            assertThat(output).containsPattern("Run details are in /\\S*secai\\.log");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(Files.readString(dir.resolve("secai-test.log"))).contains("Task gpt/answer failed");
    }

    @Test
    void secretTypedAtThePromptIsMaskedOnScreenInTheHistoryAndTheExportWhichArePrivate() throws Exception {
        String githubToken = "ghp_" + "a1B2c3D4".repeat(5);
        fixture.plan(List.of("Answer"), call -> Reply.text("The service echoed api-key test-key back."));
        Path file = dir.resolve("exported.md");
        String screen;
        try (ShellHarness shell = shell(100)) {
            shell.type("is " + githubToken + " still valid?");
            screen = shell.awaitOutput("tokens ");
            shell.type("export " + file);
            shell.awaitOutput("Exported 1 prompt ");
            shell.type("quit");
            assertThat(shell.awaitExit()).isZero();
        }
        Path history = fixture.dataDir().resolve("history");

        assertThat(screen).contains("a GitHub token", "masked", "api-key ***").doesNotContain("test-key");
        assertThat(fixture.openAi().calls()).allSatisfy(call -> assertThat(call.allText()).doesNotContain(githubToken));
        assertThat(Files.readString(history)).contains("is *** still valid?").doesNotContain(githubToken);
        assertThat(Files.readString(file)).contains("is *** still valid?").doesNotContain(githubToken, "test-key");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void exportWritesTheSessionAsMarkdown() throws Exception {
        fixture.plan(List.of("List the new incidents as a table"), call -> Reply.text(TABLE_ANSWER));
        Path file = dir.resolve("session.md");
        try (ShellHarness shell = shell(80)) {
            shell.type("which incidents are new?");
            shell.awaitOutput("tokens ");
            shell.type("export " + file);
            shell.awaitOutput("Exported 1 prompt to " + file);
            shell.type("export " + file);
            shell.awaitOutput("already exists");
            shell.type("quit");
            assertThat(shell.awaitExit()).isZero();
        }
        String markdown = Files.readString(file);
        assertThat(markdown).startsWith("# SecAI session ").contains("## 1. which incidents are new?",
                "### gpt/answer", "| 101 | Multiple failed sign-in attempts");
    }

    @Test
    void exportWithARuleExtensionWritesTheLatestRuleInThatFormat() throws Exception {
        String rule = """
                {"displayName":"Mass deletion","description":"","severity":"High","query":"SecurityEvent\\n| \
                summarize Deleted = count() by Account","queryFrequency":"PT1H","queryPeriod":"PT1H",\
                "triggerOperator":"GreaterThan","triggerThreshold":10,"suppressionEnabled":false,\
                "suppressionDuration":"PT5H","tactics":["Impact"],"techniques":["T1485"],"entityMappings":[\
                {"entityType":"Account","fieldMappings":[{"identifier":"FullName","columnName":"Account"}]}],\
                "customDetails":[],"eventGroupingSettings":{"aggregationKind":"SingleAlert"}}""";
        fixture.script(List.of(io.secai.api.Task.of("detection-rules", "create-rule", "Write the rule")), "",
                call -> Reply.text(rule));
        Path json = dir.resolve("rule.json");
        Path bicep = dir.resolve("rule.bicep");
        try (ShellHarness shell = shell(100)) {
            shell.type("write a detection rule for mass deletions");
            shell.awaitOutput("tokens ");
            shell.type("export " + json);
            shell.awaitOutput("Exported the latest ARM template to " + json);
            shell.type("export " + bicep);
            shell.awaitOutput("Exported the latest Bicep to " + bicep);
            shell.type("quit");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(Files.readString(json)).startsWith("{").contains("\"kind\" : \"Scheduled\"",
                "\"queryPeriod\" : \"PT1H\"");
        assertThat(Files.readString(bicep)).contains("resource rule 'Microsoft.SecurityInsights/alertRules@");
    }

    @Test
    void ctrlCCancelsTheRunningPromptAndTheSessionGoesOn() throws Exception {
        AtomicInteger answers = new AtomicInteger();
        CountDownLatch slowCallArrived = new CountDownLatch(1);
        fixture.plan(List.of("Think for a long time"), call -> {
            if (answers.incrementAndGet() == 1) {
                slowCallArrived.countDown();
                return Reply.text("too late").withDelay(Duration.ofSeconds(20));
            }
            return Reply.text("Quick answer.");
        });
        try (ShellHarness shell = shell(80)) {
            shell.type("a slow question");
            shell.awaitOutput("[1/1] gpt/answer started");
            assertThat(slowCallArrived.await(30, TimeUnit.SECONDS)).isTrue();
            shell.interrupt();
            String output = shell.awaitOutput("Cancelled");
            assertThat(output).doesNotContain("too late");
            shell.type("a quick question");
            shell.awaitOutput("Quick answer.");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void sessionsListsAndResumesAnEarlierSession() throws Exception {
        fixture.plan(List.of("Answer"), call -> Reply.text("Answered."));
        try (ShellHarness shell = shell(100)) {
            shell.type("the first session's question");
            shell.awaitOutput("Answered.");
            String earlier = engine.sessions().list("terminal:test").get(0).id();
            String other = engine.sessions().create("terminal:test").id();
            shell.type("sessions resume " + other);
            shell.awaitOutput("Resumed session " + other + " (0 prompts).");
            shell.type("sessions");
            String list = shell.awaitOutput("sessions resume ID");
            assertThat(list).contains(earlier, "the first session's question");
            shell.type("sessions resume " + earlier);
            shell.awaitOutput("Resumed session " + earlier + " (1 prompt).");
            shell.type("sessions resume nope");
            shell.awaitOutput("No session nope.");
            shell.type("debug on");
            shell.awaitOutput("Debug output is on.");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void secondCtrlCAtAnEmptyPromptLeaves() throws Exception {
        try (ShellHarness shell = shell(80)) {
            shell.awaitOutput("secai> ");
            shell.interrupt();
            shell.awaitOutput("press Ctrl-C again");
            shell.interrupt();
            assertThat(shell.awaitExit()).isZero();
        }
    }

    @Test
    void aContinuedLineIsSentAsOnePrompt() throws Exception {
        fixture.plan(List.of("Answer"), call -> Reply.text("Answered."));
        try (ShellHarness shell = shell(80)) {
            shell.type("first line \\");
            shell.type("second line");
            shell.awaitOutput("Answered.");
            assertThat(fixture.openAi().calls().get(0).allText()).contains("first line \nsecond line");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
        assertThat(Files.readString(fixture.dataDir().resolve("history"))).contains("second line");
    }

    @Test
    void helpShowsEveryLoadedPluginWithItsOwnHelpText() throws Exception {
        try (ShellHarness shell = shell(80)) {
            shell.type("help");
            shell.awaitOutput("export FILE");
            String help = shell.awaitOutput("sentinel-kql", 2);
            help = help.substring(help.indexOf("Commands"));
            assertThat(help).contains("Plugins", "gpt", "fetchurl", "sentinel-kql");
            assertThat(help).as("the gpt plugin's helpText, not only its description")
                    .contains("Write an executive summary of these incidents.");
            shell.type("bye");
            assertThat(shell.awaitExit()).isZero();
        }
    }
}
