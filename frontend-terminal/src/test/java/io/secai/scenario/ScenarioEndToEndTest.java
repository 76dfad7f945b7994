package io.secai.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.engine.Engine;
import io.secai.engine.Engines;
import io.secai.engine.PromptOutcome;
import io.secai.terminal.Main;
import io.secai.terminal.cli.ProcessIO;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's two sample sessions (an incident investigation in five prompts, a URL-to-detection flow in three)
 * replayed through {@link Engines#start} with the real plugins from plugins-dir and the real Azure SDK clients,
 * against the fakes of {@link ScenarioWorld}. Skipped when the shared scenario data is absent.
 */
class ScenarioEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCOUNT = Pattern.compile(
            "\"Name\":\\s*\"([^\"]+)\",\\s*\"UPNSuffix\":\\s*\"([^\"]+)\"");

    @TempDir
    static Path directory;

    static ScenarioData data;
    static ScenarioWorld world;
    static Engine engine;
    static List<ScenarioWorld.PromptRun> runs;

    @BeforeAll
    static void replayBothSessions() {
        Path shared = ScenarioData.sharedDataFolder();
        Optional<ScenarioData> loaded = ScenarioData.load(shared);
        assumeTrue(loaded.isPresent(), "Scenario data not found in " + shared
                + " (scenario/sessions.json, sentinel-workspace-schema.json); set SECAI_SHARED_DATA. Skipping.");
        data = loaded.get();
        world = ScenarioWorld.start(data, directory);
        engine = world.startEngine("engine", false);
        runs = new ArrayList<>();
        for (ScenarioData.Session session : data.sessions()) {
            runs.addAll(world.replay(engine, session));
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void everyPromptOfBothSessionsSucceedsWithAModelThatOnlyUsesWhatItWasSent() {
        assertThat(runs).hasSize(8);
        for (ScenarioWorld.PromptRun run : runs) {
            assertThat(run.outcome().status()).as("prompt %d: %s", run.prompt().number(), run.outcome().message())
                    .isEqualTo(PromptOutcome.Status.SUCCEEDED);
            assertThat(run.outcome().tasks()).allSatisfy(record -> assertThat(record.result().succeeded()).isTrue());
        }
        assertThat(world.model().violations()).isEmpty();
        assertThat(engine.notices()).as("start notices").isEmpty();
    }

    @Test
    void eachPromptIsPlannedOntoThePluginThatFitsIt() {
        List<String> plans = runs.stream().map(run -> String.join(" + ", run.outcome().plan().stream()
                .map(task -> task.plugin() + "/" + task.capability()).toList())).toList();

        assertThat(plans).containsExactly(
                "sentinel-kql/run-kql", "sentinel-kql/run-kql", "sentinel-kql/run-kql", "sentinel-kql/run-kql",
                "gpt/answer",
                "fetchurl/fetch", "detection-rules/create-rule", "fetchurl/fetch + detection-rules/create-rule");
        assertThat(runs).allSatisfy(run -> assertThat(run.calls().get(0).schemaName()).contains("secai_plan"));
    }

    @Test
    void eachSentinelPromptRunsOneQueryOnTheTableAndTimeRangeItAsksFor() {
        List<FakeLogAnalytics.RecordedQuery> queries = world.dataQueries();
        assertThat(queries).hasSize(4);
        assertThat(queries).allSatisfy(query -> assertThat(query.bearerToken()).isTrue());
        assertThat(world.entra().scopes()).as("tokens are asked for the query endpoint's audience").isNotEmpty()
                .allSatisfy(scope -> assertThat(scope).startsWith("https://localhost/.default"));

        assertThat(firstTable(queries.get(0).query())).isEqualTo("SecurityIncident");
        assertThat(queries.get(0).query()).contains("Status == \"New\"", "arg_max(TimeGenerated, *) by IncidentNumber");
        assertThat(timespan(queries.get(0))).isEqualTo(Duration.ofDays(30));

        assertThat(firstTable(queries.get(1).query())).isEqualTo("SecurityIncident");
        assertThat(queries.get(1).query()).contains("IncidentNumber == 4113");
        assertThat(timespan(queries.get(1))).as("the plugin's default time range").isEqualTo(Duration.ofDays(30));

        assertThat(firstTable(queries.get(2).query())).isEqualTo("SecurityAlert");
        assertThat(firstTable(queries.get(3).query())).isEqualTo("SigninLogs");
        assertThat(queries.get(3).query()).contains("ago(24h)");
        assertThat(timespan(queries.get(3))).isEqualTo(Duration.ofHours(24));

        for (ScenarioWorld.PromptRun run : runs) {
            long dataQueries = run.queries().stream().filter(query -> queries.contains(query)).count();
            assertThat(dataQueries).as("data queries of prompt %d", run.prompt().number())
                    .isEqualTo(run.prompt().asksSentinel() ? 1 : 0);
            Optional<Artifact> query = run.outcome().tasks().get(0).result().artifacts().stream()
                    .filter(artifact -> artifact.kind() == Artifact.Kind.QUERY).findFirst();
            if (run.prompt().asksSentinel()) {
                assertThat(query).as("the KQL shown with prompt %d", run.prompt().number()).get()
                        .extracting(Artifact::value)
                        .isEqualTo(run.queries().stream().filter(queries::contains).findFirst().orElseThrow().query());
            }
        }
    }

    @Test
    void theRowsShownAreExactlyTheRowsTheWorkspaceReturned() {
        for (ScenarioWorld.PromptRun run : runs) {
            if (!run.prompt().asksSentinel()) {
                continue;
            }
            String returned = run.prompt().queryResult().orElseThrow();
            ResultTable table = run.outcome().tasks().get(0).result().table().orElseThrow();
            assertThat(table.columns()).extracting(ResultTable.Column::name)
                    .containsExactlyElementsOf(ScenarioData.columnsOf(returned));
            List<List<Object>> expected = ScenarioData.rowsOf(returned);
            assertThat(table.rows()).as("rows of prompt %d", run.prompt().number()).hasSameSizeAs(expected);
            for (int row = 0; row < expected.size(); row++) {
                for (int cell = 0; cell < expected.get(row).size(); cell++) {
                    assertSameValue(table.rows().get(row).get(cell), expected.get(row).get(cell),
                            "prompt " + run.prompt().number() + ", row " + row + ", column "
                                    + table.columns().get(cell).name());
                }
            }
            assertThat(table.truncated()).isFalse();
        }
    }

    @Test
    void theAlertIdsOfTheIncidentReachTheThirdQueryThroughTheSessionContext() {
        List<String> alertIds = alertIdsOf(runs.get(1).prompt().queryResult().orElseThrow());
        assertThat(alertIds).hasSize(3);

        ScriptedAnalystModel.Turn kqlTurn = kqlTurnOf(runs.get(2));
        String sessionContext = kqlTurn.call().messages().get(1).content();
        assertThat(sessionContext).contains(alertIds);
        assertThat(world.dataQueries().get(2).query()).contains(alertIds);
    }

    @Test
    void earlierResultsReachTheModelAsDigestsUnlessThePlanNamesThem() {
        ScenarioWorld.PromptRun fourth = runs.get(3);
        String planning = fourth.calls().get(0).allText();
        assertThat(planning).as("the planner sees what each earlier result is and the latest one's ids, no other"
                        + " values")
                .contains("[r1] 14 rows; columns: IncidentNumber", "[r2] 1 row; columns:", "AlertIds",
                        "[r3] 3 rows; columns: SystemAlertId", "Ids: SystemAlertId: ")
                .doesNotContain("amelia.ross", "https://portal.azure.com", "Key values", "Ids: IncidentNumber");
        assertThat(fourth.outcome().tasks()).hasSize(1);

        String kql = kqlTurnOf(fourth).call().messages().get(1).content();
        assertThat(kql).as("the alerts the plan named, in full; the incident list as its digest")
                .contains("[r3] in full:", "svc-backup", "[r1] 14 rows; columns: IncidentNumber")
                .doesNotContain("https://portal.azure.com");

        String summary = runs.get(4).calls().get(runs.get(4).calls().size() - 1).allText();
        assertThat(summary).as("the executive summary gets the incident, its alerts and the sign-ins in full")
                .contains("[r2] in full:", "[r3] in full:", "[r4] in full:", "185.220.10")
                .doesNotContain("https://portal.azure.com");
    }

    @Test
    void theUsersOfTheAlertsInTheSessionContextAreTheUsersOfTheFourthQuery() {
        Set<String> alertUsers = accountsOf(runs.get(2).prompt().queryResult().orElseThrow());
        String request = kqlTurnOf(runs.get(3)).call().messages().get(1).content();
        Set<String> contextUsers = new LinkedHashSet<>();
        for (String entities : ScriptedAnalystModel.columnCells(request, "Entities")) {
            Matcher account = ACCOUNT.matcher(entities);
            while (account.find()) {
                contextUsers.add((account.group(1) + "@" + account.group(2)).toLowerCase(Locale.ROOT));
            }
        }

        assertThat(contextUsers).isNotEmpty().isSubsetOf(alertUsers);
        String query = world.dataQueries().get(3).query();
        assertThat(contextUsers).allSatisfy(user -> assertThat(query).contains("\"" + user + "\""));
    }

    @Test
    void everyUserOfTheAlertsReachesTheFourthQuery() {
        Set<String> users = accountsOf(runs.get(2).prompt().queryResult().orElseThrow());
        assertThat(users).containsExactlyInAnyOrder("amelia.ross@contoso.com", "dev.patel@contoso.com",
                "svc-backup@contoso.com");

        String query = world.dataQueries().get(3).query();
        assertThat(users).allSatisfy(user -> assertThat(query).contains("\"" + user + "\""));
    }

    @Test
    void theExecutiveSummaryIsWrittenFromTheInvestigation() {
        ScenarioWorld.PromptRun summary = runs.get(4);
        assertThat(summary.outcome().tasks().get(0).result().markdown().strip())
                .isEqualTo(summary.prompt().answer().orElseThrow().strip());
        String summaryRequest = summary.calls().get(summary.calls().size() - 1).allText();
        assertThat(summaryRequest).contains("4113", "Rare Active Directory object deletion", "svc-backup");
    }

    @Test
    void theUrlToDetectionSessionEndsInArmTemplatesThatPassRuleCheck() throws IOException {
        ScenarioWorld.PromptRun arm = runs.get(6);
        ScenarioWorld.PromptRun optimised = runs.get(7);
        List<Path> templates = new ArrayList<>();
        for (ScenarioWorld.PromptRun run : List.of(arm, optimised)) {
            var result = run.outcome().tasks().get(run.outcome().tasks().size() - 1).result();
            String template = result.artifacts().stream().filter(a -> a.label().equals("ARM template"))
                    .findFirst().orElseThrow().value();
            assertThat(result.markdown()).as("the template is shown as a JSON code block")
                    .contains("```json\n" + template);
            JsonNode rule = JSON.readTree(template).path("resources").path(0);
            assertThat(rule.path("type").asText())
                    .isEqualTo("Microsoft.OperationalInsights/workspaces/providers/alertRules");
            assertThat(rule.path("kind").asText()).isEqualTo("Scheduled");
            assertThat(rule.path("properties").path("query").asText()).contains("SecurityEvent", "5141");
            assertThat(result.artifacts()).extracting(Artifact::label).contains("Bicep", "Detection YAML");
            for (Artifact artifact : result.artifacts()) {
                String extension = switch (artifact.label()) {
                    case "ARM template" -> "json";
                    case "Bicep" -> "bicep";
                    case "Detection YAML" -> "yaml";
                    default -> "";
                };
                if (!extension.isEmpty()) {
                    Path file = directory.resolve("prompt-" + run.prompt().number() + "-rule." + extension);
                    Files.writeString(file, artifact.value());
                    templates.add(file);
                }
            }
        }
        assertThat(templates).as("an ARM template, a Bicep file and a detection YAML per rule").hasSize(6);
        String optimisedQuery = JSON.readTree(Files.readString(templates.get(3))).path("resources").path(0)
                .path("properties").path("query").asText();
        assertThat(optimisedQuery).as("the last rule runs the query the Learn page optimised")
                .contains("| where TimeGenerated > ago(10m)", "| project TimeGenerated, Account, Computer, ObjectName");
        String armRequest = arm.calls().get(arm.calls().size() - 1).allText();
        assertThat(armRequest).as("the detection of the previous prompt reached the model")
                .contains("EventID in (5141, 4726, 4730, 4743)");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProcessIO io = new ProcessIO(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false,
                Map.of("NO_COLOR", "1"), directory);
        List<String> args = new ArrayList<>(List.of("--plugins-dir", ScenarioWorld.pluginsDir().toString(), "rule",
                "check"));
        templates.forEach(template -> args.add(template.toString()));
        int exit = Main.run(args.toArray(String[]::new), Engines::start, io);

        assertThat(exit).as("secai rule check; stdout: %s; stderr: %s", out, err).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).as("every export of both rules passes")
                .hasSize(6).allSatisfy(line -> assertThat(line).endsWith(": no problems"));
        String keep = System.getProperty("secai.scenario.rules-out", "");
        if (!keep.isBlank()) {
            Files.createDirectories(Path.of(keep));
            for (Path template : templates.stream().filter(file -> file.toString().endsWith(".json")).toList()) {
                Files.copy(template, Path.of(keep).resolve(template.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void fetchedPagesReachTheModelOnlyInsideTheUntrustedDataMarkers() {
        List<ScenarioWorld.PromptRun> fetches = runs.stream().filter(run -> run.prompt().readsPage()).toList();
        assertThat(fetches).hasSize(2);
        for (ScenarioWorld.PromptRun run : fetches) {
            var call = world.model().turns().stream()
                    .filter(turn -> turn.step() == ScriptedAnalystModel.Step.PAGE_ANSWER)
                    .filter(turn -> turn.prompt().equals(Optional.of(run.prompt())))
                    .findFirst().orElseThrow().call();
            List<String> blocks = ScriptedAnalystModel.untrustedPageBlocks(call);
            assertThat(blocks).as("page blocks of prompt %d", run.prompt().number()).hasSize(1);
            String sentence = distinctiveSentence(run.prompt());
            assertThat(blocks.get(0)).contains(sentence);
            String outside = call.lastUserText().replace(blocks.get(0), "");
            assertThat(outside).doesNotContain(sentence);
            assertThat(call.systemText()).doesNotContain(sentence);
            assertThat(run.outcome().tasks().get(0).result().markdown().strip())
                    .isEqualTo(run.prompt().answer().orElseThrow().strip());
            assertThat(run.outcome().tasks().get(0).result().artifacts())
                    .anySatisfy(artifact -> assertThat(artifact.value())
                            .isEqualTo(run.prompt().url().orElseThrow().toString()));
        }
        assertThat(world.web().requests()).extracting(ScenarioWebServer.Request::host, ScenarioWebServer.Request::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("attack.mitre.org", 200),
                        org.assertj.core.groups.Tuple.tuple("learn.microsoft.com", 200));
    }

    @Test
    void theSessionsCostAtMostHalfTheOriginalsModelCallsOnePlanningCallAndOneCallPerTask() {
        int ours = runs.stream().mapToInt(run -> run.calls().size()).sum();
        // The last prompt also turns the optimised query into a validated rule, where the original answered in
        // prose only: that deliverable's one call is not part of the comparison.
        long rulesTheOriginalDidNotMake = runs.stream().filter(run -> run.prompt().readsPage())
                .flatMap(run -> run.outcome().plan().stream())
                .filter(task -> task.plugin().equals("detection-rules")).count();
        assertThat(rulesTheOriginalDidNotMake).isEqualTo(1);
        assertThat(ours - rulesTheOriginalDidNotMake).isLessThanOrEqualTo(OriginalPattern.TOTAL_CALLS / 2);
        for (ScenarioWorld.PromptRun run : runs) {
            assertThat(run.calls()).as("calls of prompt %d", run.prompt().number())
                    .hasSize(1 + run.outcome().plan().size());
            assertThat(run.calls().size()).isLessThan(OriginalPattern.calls(run.prompt()));
        }
    }

    @Test
    void theTerminalsOneShotJsonHoldsTheRowsOfTheFirstPrompt() throws IOException {
        ScenarioData.Prompt first = data.allPrompts().get(0);
        Path home = directory.resolve("terminal");
        Files.createDirectories(home);
        Path config = home.resolve("application.conf");
        StringBuilder hocon = new StringBuilder();
        Map<String, String> settings = world.settings(home.resolve("data"), false);
        settings.forEach((key, value) -> hocon.append(key).append(" = ").append(JSON.valueToTree(value).toString())
                .append('\n'));
        Files.writeString(config, hocon);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProcessIO io = new ProcessIO(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Map.of("NO_COLOR", "1"), home);
        int[] exit = new int[1];

        world.during(first, () -> {
            exit[0] = Main.run(new String[] {"--config", config.toString(), "--plugins-dir",
                    ScenarioWorld.pluginsDir().toString(), "--auth", "client_secret", "ask", "--format", "json",
                    first.text()}, Engines::start, io);
            return null;
        });

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(exit[0]).as("exit code; stderr: %s", stderr).isZero();
        JsonNode outcome = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(outcome.path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode table = outcome.path("tasks").path(0).path("table");
        JsonNode expected = JSON.readTree(first.queryResult().orElseThrow()).path("tables").path(0);
        assertThat(table.path("rows")).isEqualTo(expected.path("rows"));
        assertThat(stderr).doesNotContain("scenario-client-secret", "scenario-openai-key");
    }

    private static ScriptedAnalystModel.Turn kqlTurnOf(ScenarioWorld.PromptRun run) {
        return world.model().turns().stream()
                .filter(turn -> turn.step() == ScriptedAnalystModel.Step.KQL)
                .filter(turn -> turn.prompt().equals(Optional.of(run.prompt())))
                .findFirst().orElseThrow();
    }

    private static String firstTable(String kql) {
        Matcher name = Pattern.compile("^\\s*([A-Za-z_]\\w*)").matcher(kql);
        return name.find() ? name.group(1) : "";
    }

    private static Duration timespan(FakeLogAnalytics.RecordedQuery query) {
        String value = query.timespan().orElseThrow();
        if (value.contains("/")) {
            String[] ends = value.split("/");
            return Duration.between(Instant.parse(ends[0]), Instant.parse(ends[1]));
        }
        return Duration.parse(value);
    }

    static List<String> alertIdsOf(String incidentResult) {
        List<String> columns = ScenarioData.columnsOf(incidentResult);
        String alertIds = String.valueOf(ScenarioData.rowsOf(incidentResult).get(0).get(columns.indexOf("AlertIds")));
        List<String> ids = new ArrayList<>();
        Matcher guid = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .matcher(alertIds);
        while (guid.find()) {
            ids.add(guid.group());
        }
        return ids;
    }

    static Set<String> accountsOf(String alertsResult) {
        int entities = ScenarioData.columnsOf(alertsResult).indexOf("Entities");
        Set<String> users = new LinkedHashSet<>();
        for (List<Object> row : ScenarioData.rowsOf(alertsResult)) {
            Matcher account = ACCOUNT.matcher(String.valueOf(row.get(entities)));
            while (account.find()) {
                users.add((account.group(1) + "@" + account.group(2)).toLowerCase(Locale.ROOT));
            }
        }
        return users;
    }

    private static String distinctiveSentence(ScenarioData.Prompt prompt) {
        return switch (prompt.url().orElseThrow().getHost()) {
            case "attack.mitre.org" -> "as event 5141 (a directory service object was deleted)";
            case "learn.microsoft.com" -> "Every table in a Log Analytics workspace is partitioned by TimeGenerated";
            default -> throw new IllegalArgumentException(prompt.url().toString());
        };
    }

    private static void assertSameValue(Object actual, Object expected, String where) {
        if (expected instanceof Number number) {
            assertThat(actual).as(where).isInstanceOf(Number.class);
            assertThat(((Number) actual).doubleValue()).as(where).isEqualTo(number.doubleValue());
            return;
        }
        String expectedText = String.valueOf(expected);
        String actualText = String.valueOf(actual);
        if (expectedText.equals(actualText)) {
            return;
        }
        try {
            assertThat(Instant.parse(actualText)).as(where).isEqualTo(Instant.parse(expectedText));
            return;
        } catch (DateTimeParseException notADate) {
            // Not a date-time: compare as JSON, as dynamic values are.
        }
        try {
            assertThat(JSON.readTree(actualText)).as(where).isEqualTo(JSON.readTree(expectedText));
        } catch (IOException notJson) {
            assertThat(actualText).as(where).isEqualTo(expectedText);
        }
    }
}
