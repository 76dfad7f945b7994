package io.secai.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.Engines;
import io.secai.engine.PluginStatus;
import io.secai.engine.PromptOutcome;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.secrets.SecretEncodings;
import io.secai.testkit.tls.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * External MCP servers as SecAI plugins: the real engine with the GPT plugin from plugins-dir and the test kit's
 * Azure OpenAI fake, and {@link TicketsServer} (an MCP server built on the SDK) started over stdio from settings.
 */
class McpClientTest {

    /** A token in a stdio server's environment, with characters each encoding spells differently. */
    private static final String ENV_TOKEN = "tix-Env+T0ken/9~x=Q";

    @TempDir
    static Path work;

    private static FakeOpenAi openAi;
    private static Engine engine;

    @BeforeAll
    static void start() throws IOException {
        TestTls.shared().installAsJvmDefault();
        openAi = FakeOpenAi.start();
        openAi.respondWith(McpClientTest::reply);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path conf = work.resolve("application.conf");
        Files.writeString(conf, String.join("\n",
                "secai.data-dir = \"" + work.resolve("data") + "\"",
                "openai.endpoint = \"" + openAi.endpoint() + "\"",
                "openai.api-key = \"test-key\"",
                "openai.deployment = \"gpt-test\"",
                "mcp.servers.tickets {",
                "  command = [\"" + java + "\", \"-cp\", \"" + System.getProperty("java.class.path") + "\", \""
                        + TicketsServer.class.getName() + "\"]",
                "  allow-tools = [\"open_tickets\", \"crash\"]",
                "  startup-timeout = 60s",
                "  call-timeout = 30s",
                "}",
                // The same program as a second server, started with a token in its environment.
                "mcp.servers.vault {",
                "  command = [\"" + java + "\", \"-cp\", \"" + System.getProperty("java.class.path") + "\", \""
                        + TicketsServer.class.getName() + "\"]",
                "  env { TICKETS_TOKEN = \"" + ENV_TOKEN + "\", LOG_LEVEL = \"info\" }",
                "  allow-tools = [\"whoami\"]",
                "  startup-timeout = 60s",
                "}",
                "mcp.servers.broken {",
                "  command = [\"" + work.resolve("no-such-program") + "\"]",
                "  allow-tools = [\"anything\"]",
                "  startup-timeout = 5s",
                "}",
                ""));
        engine = Engines.start(EngineOptions.fromProcess().withEnvironment(Map.of()).withWorkingDirectory(work)
                .withConfigFile(conf).withAuth("none")
                .withPluginsDir(Path.of(System.getProperty("secai.plugins-dir", "../plugins-dir"))));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (openAi != null) {
            openAi.close();
        }
    }

    /** The planner routes by the prompt's words; every other call is the GPT plugin's answer. */
    private static Reply reply(ChatCall call) {
        if (call.schemaName().orElse("").equals("secai_plan")) {
            String prompt = call.lastUserText();
            String tasks = prompt.contains("whoami")
                    ? "{\"plugin\":\"mcp-vault\",\"capability\":\"whoami\",\"instruction\":\"whoami\",\"inputs\":[]}"
                    : prompt.contains("crash")
                    ? "{\"plugin\":\"mcp-tickets\",\"capability\":\"crash\",\"instruction\":\"crash\",\"inputs\":[]}"
                    : "{\"plugin\":\"mcp-tickets\",\"capability\":\"open_tickets\",\"instruction\":\"open tickets\","
                    + "\"inputs\":[{\"name\":\"severity\",\"value\":\"High\"}]},"
                    + "{\"plugin\":\"gpt\",\"capability\":\"answer\",\"instruction\":\"summarise the tickets\","
                    + "\"inputs\":[]}";
            return Reply.text("{\"tasks\":[" + tasks + "]}");
        }
        return Reply.text("Summary: two tickets.");
    }

    @Test
    void eachServerIsAPluginWithItsAllowedToolsAndABrokenOneIsReportedLikeABrokenJar() {
        PluginStatus tickets = status("mcp-tickets");
        assertThat(tickets.loaded()).as(tickets.reason().orElse("")).isTrue();
        assertThat(tickets.source()).isEqualTo(Path.of("mcp.servers.tickets"));
        assertThat(tickets.capabilities()).extracting(c -> c.name()).containsExactly("open_tickets", "crash");
        PluginStatus broken = status("mcp-broken");
        assertThat(broken.state()).isEqualTo(PluginStatus.State.FAILED);
        assertThat(broken.reason().orElseThrow()).contains("did not start");
        assertThat(engine.notices()).anyMatch(line -> line.contains("mcp-broken"));
        assertThat(status("gpt").loaded()).isTrue();
    }

    @Test
    void thePlannerRoutesToAToolAndItsRecordsBecomeATypedTable() throws Exception {
        PromptOutcome outcome = ask("show the open tickets");
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        TaskRecord tool = outcome.tasks().get(0);
        assertThat(tool.task().plugin()).isEqualTo("mcp-tickets");
        ResultTable table = tool.result().table().orElseThrow();
        assertThat(table.columns()).extracting(ResultTable.Column::name)
                .contains("id", "title", "severity", "escalated");
        assertThat(table.columns().get(table.columnIndex("id")).type()).isEqualTo(ResultTable.ColumnType.LONG);
        assertThat(table.columns().get(table.columnIndex("escalated")).type())
                .isEqualTo(ResultTable.ColumnType.BOOL);
        assertThat(table.rows()).hasSize(2);
        assertThat(tool.result().artifacts().get(0).value()).contains("\"severity\":\"High\"");

        ChatCall planner = openAi.calls().stream().filter(c -> c.schemaName().orElse("").equals("secai_plan"))
                .findFirst().orElseThrow();
        assertThat(planner.allText()).contains("open_tickets").doesNotContain("delete_ticket");
    }

    @Test
    void aPromptInjectionInToolOutputStaysInsideTheUntrustedMarkers() throws Exception {
        PromptOutcome outcome = ask("summarise the open tickets");
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        ChatCall gpt = openAi.lastCall();
        String text = gpt.allText();
        int injection = text.indexOf("IGNORE ALL PREVIOUS INSTRUCTIONS");
        assertThat(injection).isPositive();
        String marker = text.substring(text.indexOf("<<<UNTRUSTED ") + 13, text.indexOf("<<<UNTRUSTED ") + 45);
        int begin = text.lastIndexOf("<<<UNTRUSTED " + marker, injection);
        int end = text.indexOf("<<<END-UNTRUSTED " + marker + ">>>", injection);
        assertThat(begin).isNotNegative().isLessThan(injection);
        assertThat(end).isGreaterThan(injection);
        // The fake end line inside the output was defused, so it cannot close the fence.
        assertThat(text.substring(injection, end)).doesNotContain("<<<END-UNTRUSTED");
    }

    @Test
    void aServerThatCrashesMidCallFailsThatTaskOnlyAndIsStartedAgain() throws Exception {
        PromptOutcome crashed = ask("crash the server");
        assertThat(crashed.status()).isEqualTo(PromptOutcome.Status.FAILED);
        assertThat(crashed.tasks().get(0).result().markdown()).contains("stopped answering during crash");

        PromptOutcome again = ask("show the open tickets");
        assertThat(again.status()).as(again.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(again.tasks().get(0).result().table()).isPresent();
    }

    @Test
    void aStdioServersEnvironmentTokenIsMaskedInEverythingWrittenInEveryEncoding() throws Exception {
        PromptOutcome outcome = ask("whoami on the vault");
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        String answer = outcome.tasks().get(0).result().markdown();
        // The server really did print it (so the scans below have something to find) ...
        assertThat(answer).contains("Acting as soc-bot with");
        assertThat(SecretEncodings.leaks(answer, List.of(ENV_TOKEN))).isNotEmpty();

        // ... and nothing shown or written has it: the redactor as every front end applies it, the session files
        // and the audit log.
        assertThat(SecretEncodings.leaks(engine.redactor().redact(answer), List.of(ENV_TOKEN))).isEmpty();
        assertThat(engine.redactor().redact(answer)).contains("Acting as soc-bot with ***");
        List<Path> files;
        try (var walk = Files.walk(work.resolve("data"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith("audit.jsonl"))
                .anyMatch(f -> f.toString().contains("sessions"));
        for (Path file : files) {
            String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(SecretEncodings.leaks(text, List.of(ENV_TOKEN))).as(file.toString()).isEmpty();
        }
        // A short env value ("info") is a setting, not a secret: ordinary words stay readable.
        assertThat(engine.redactor().redact("log level info")).isEqualTo("log level info");
    }

    private static PromptOutcome ask(String prompt) throws Exception {
        String session = engine.sessions().create("test").id();
        return engine.submit(session, prompt, event -> { }).outcome().get(90, TimeUnit.SECONDS);
    }

    private static PluginStatus status(String name) {
        Optional<PluginStatus> found = engine.plugins().stream().filter(p -> p.name().equals(name)).findFirst();
        assertThat(found).as("plugins: " + engine.plugins()).isPresent();
        return found.get();
    }
}
