package io.secai.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.engine.Engines;
import io.secai.engine.ProgressListener;
import io.secai.engine.promptbook.Promptbook;
import io.secai.engine.promptbook.PromptbookLibrary;
import io.secai.engine.promptbook.PromptbookOutcome;
import io.secai.engine.promptbook.PromptbookRun;
import io.secai.terminal.Main;
import io.secai.terminal.cli.ProcessIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's two sample sessions run as the two shipped promptbooks ({@code incident-investigation} with the
 * incident number, {@code url-to-detection} with the page's URL) instead of typed prompt by prompt, with every
 * check of {@link ScenarioEndToEndTest} (it inherits them). The inputs are taken from the scenario's prompts, and the
 * workspace answers a step only when the filled prompt is exactly the seed's prompt. The terminal check runs
 * {@code secai run ... --format json} instead of {@code secai ask}.
 */
class ScenarioPromptbookTest extends ScenarioEndToEndTest {

    private static final Pattern INCIDENT = Pattern.compile("incident number (\\d+)");
    private static final Pattern URL = Pattern.compile("https://\\S+");

    private static Map<String, String> incidentInputs;

    @BeforeAll
    static void replayBothSessions() {
        Path shared = ScenarioData.sharedDataFolder();
        Optional<ScenarioData> loaded = ScenarioData.load(shared);
        assumeTrue(loaded.isPresent(), "Scenario data not found in " + shared
                + " (scenario/sessions.json, sentinel-workspace-schema.json); set SECAI_SHARED_DATA. Skipping.");
        // JUnit may also have run the parent's replay: close its engine and fakes, so that this class's engine is
        // the data folder's one writer (a second engine on the same folder would attach read-only).
        stop();
        data = loaded.get();
        world = ScenarioWorld.start(data, directory);
        engine = world.startEngine("promptbooks", false);
        PromptbookLibrary library = PromptbookLibrary.load(engine.settings());
        assertThat(library.problems()).isEmpty();

        List<ScenarioData.Prompt> incident = data.sessions().get(0).prompts();
        List<ScenarioData.Prompt> detection = data.sessions().get(1).prompts();
        incidentInputs = Map.of("IncidentNumber", first(INCIDENT, incident.get(1).text()));
        Map<String, String> detectionInputs = Map.of("Url", first(URL, detection.get(0).text()));

        runs = new ArrayList<>();
        runs.addAll(run(library.find("incident-investigation").orElseThrow(), incidentInputs));
        runs.addAll(run(library.find("url-to-detection").orElseThrow(), detectionInputs));
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
    }

    /** Runs a promptbook in a new session, recording each step as the scenario prompt whose text it has. */
    private static List<ScenarioWorld.PromptRun> run(Promptbook promptbook, Map<String, String> inputs) {
        String session = engine.sessions().create("analyst").id();
        List<ScenarioWorld.PromptRun> steps = new ArrayList<>();
        ScenarioWorld.Mark[] mark = new ScenarioWorld.Mark[1];
        PromptbookOutcome outcome = PromptbookRun.start(engine, session, promptbook, inputs, ProgressListener.NONE,
                new PromptbookRun.StepListener() {
                    @Override
                    public void starting(int number, int total, String prompt) {
                        ScenarioData.Prompt seed = data.allPrompts().stream()
                                .filter(candidate -> candidate.text().strip().equals(prompt)).findFirst()
                                .orElseThrow(() -> new AssertionError("step " + number + " of " + promptbook.name()
                                        + " is not one of the seed's prompts: " + prompt));
                        mark[0] = world.begin(seed);
                    }

                    @Override
                    public void finished(int number, int total, PromptbookOutcome.Step step) {
                        steps.add(world.since(mark[0], step.outcome()));
                    }
                }).outcome().orTimeout(10, TimeUnit.MINUTES).join();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(io.secai.engine.PromptOutcome.Status.SUCCEEDED);
        assertThat(steps).hasSize(promptbook.prompts().size());
        assertThat(engine.sessions().transcript("analyst", session).orElseThrow().turns())
                .as("every step ran in the one session").hasSize(steps.size());
        return steps;
    }

    @Test
    void theFilledPromptbooksAreExactlyTheSeedsSessions() {
        assertThat(runs).extracting(run -> run.prompt().number()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Override
    @Test
    void theTerminalsOneShotJsonHoldsTheRowsOfTheFirstPrompt() throws IOException {
        Path home = directory.resolve("terminal-run");
        Files.createDirectories(home);
        Path config = home.resolve("application.conf");
        StringBuilder hocon = new StringBuilder();
        world.settings(home.resolve("data"), false).forEach((key, value) -> hocon.append(key).append(" = ")
                .append(JSON.valueToTree(value).toString()).append('\n'));
        Files.writeString(config, hocon);

        String listed = terminal(home, config, "promptbooks").out();
        assertThat(listed).contains("incident-investigation", "IncidentNumber", "url-to-detection", "Url");

        world.followModel(true);
        Terminal run;
        try {
            List<String> command = new ArrayList<>(List.of("run", "incident-investigation", "--format", "json"));
            incidentInputs.forEach((key, value) -> command.addAll(List.of("--input", key + "=" + value)));
            run = terminal(home, config, command.toArray(String[]::new));
        } finally {
            world.followModel(false);
        }

        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
        JsonNode outcome = JSON.readTree(run.out());
        assertThat(outcome.path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode steps = outcome.path("steps");
        List<ScenarioData.Prompt> seed = data.sessions().get(0).prompts();
        assertThat(steps).hasSize(seed.size());
        for (int i = 0; i < seed.size(); i++) {
            assertThat(steps.path(i).path("prompt").asText()).isEqualTo(seed.get(i).text().strip());
            assertThat(steps.path(i).path("status").asText()).isEqualTo("SUCCEEDED");
            if (seed.get(i).asksSentinel()) {
                JsonNode expected = JSON.readTree(seed.get(i).queryResult().orElseThrow()).path("tables").path(0);
                assertThat(steps.path(i).path("tasks").path(0).path("table").path("rows")).as("rows of step %d", i + 1)
                        .isEqualTo(expected.path("rows"));
            }
        }
        assertThat(world.followedQueries()).hasSize(4);
        assertThat(run.err()).doesNotContain("scenario-client-secret", "scenario-openai-key");

        Terminal wrong = terminal(home, config, "run", "incident-investigation", "--input", "Incident=4113");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("has no input Incident", "IncidentNumber");
    }

    private record Terminal(int exit, String out, String err) {
    }

    private static Terminal terminal(Path home, Path config, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProcessIO io = new ProcessIO(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, Map.of("NO_COLOR", "1"), home);
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--plugins-dir",
                ScenarioWorld.pluginsDir().toString(), "--auth", "client_secret"));
        args.addAll(List.of(command));
        int exit = Main.run(args.toArray(String[]::new), Engines::start, io);
        return new Terminal(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
