package io.secai.terminal.skills;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.secai.api.Artifact;
import io.secai.engine.Engine;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PluginStatus;
import io.secai.terminal.testing.EngineFixture;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.loganalytics.FakeLogAnalytics;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.Reply;

/**
 * A KQL skill file in {@code skills.dirs} becomes a capability of the real Sentinel plugin loaded from plugins-dir;
 * the planner sees it with its inputs, a plan that names it runs the skill's query with the input written as a
 * literal of its type, through the guard, on the fake workspace, without any KQL-writing model call.
 */
class KqlSkillRoutingTest {
    private static final Pattern NUMBER = Pattern.compile("for incident (\\S+)");

    @TempDir
    Path dir;

    private EngineFixture fixture;
    private Engine engine;

    @BeforeEach
    void start() throws Exception {
        fixture = new EngineFixture(dir);
        Path skills = Files.createDirectories(dir.resolve("skills"));
        Files.writeString(skills.resolve("incident-lookup.yaml"), """
                kind: kql
                name: incident-lookup
                description: Look up one Sentinel incident by its number
                inputs:
                  - name: IncidentNumber
                    type: int
                    description: the incident number
                template: |
                  SecurityIncident
                  | where IncidentNumber == {{IncidentNumber}}
                  | take 10
                """);
        Files.writeString(skills.resolve("broken.yaml"), "kind: kql\nname: broken\ndescription: x\n"
                + "template: SecurityIncident | where Title == {{Missing}}\n");
        fixture.with("skills.dirs", skills.toString());
        fixture.openAi().respondWith(KqlSkillRoutingTest::planTheSkillWithTheNumberAsked);
        engine = fixture.start(dir);
    }

    @AfterEach
    void stop() {
        engine.close();
        fixture.close();
    }

    /** A model that picks the skill it was shown and copies the number from the request into its input. */
    private static Reply planTheSkillWithTheNumberAsked(ChatCall call) {
        String asked = PromptInjection.blocks(call.lastUserText()).stream()
                .filter(block -> block.source().equals("request")).findFirst().orElseThrow().content().strip();
        if (!call.allText().contains("incident-lookup") || !call.allText().contains("IncidentNumber")) {
            return Reply.status(400, "the skill was not offered to the planner");
        }
        Matcher number = NUMBER.matcher(asked);
        number.find();
        String value = number.group(1).replace("\\", "\\\\").replace("\"", "\\\"");
        return Reply.text("{\"tasks\":[{\"plugin\":\"sentinel-kql\",\"capability\":\"incident-lookup\","
                + "\"instruction\":\"" + asked.replace("\"", "'") + "\",\"inputs\":[{\"name\":\"IncidentNumber\","
                + "\"value\":\"" + value + "\"}]}]}");
    }

    @Test
    void aPromptIsRoutedToTheSkillWithItsInputFilledAndTheRowsComeBack() throws Exception {
        PluginStatus sentinel = engine.plugins().stream().filter(p -> p.name().equals("sentinel-kql")).findFirst()
                .orElseThrow();
        assertThat(sentinel.capabilities()).extracting(c -> c.name()).contains("incident-lookup")
                .doesNotContain("broken");
        String session = engine.sessions().create("analyst").id();
        int before = fixture.logAnalytics().queries().size();

        PromptOutcome outcome = engine.submit(session, "run the incident lookup for incident 4113",
                ProgressListener.NONE).outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(outcome.plan().get(0).inputs()).containsEntry("IncidentNumber", "4113");
        List<FakeLogAnalytics.RecordedQuery> queries = fixture.logAnalytics().queries();
        String ran = queries.get(queries.size() - 1).query();
        assertThat(ran).isEqualTo("SecurityIncident\n| where IncidentNumber == long(4113)\n| take 10");
        assertThat(outcome.tasks().get(0).result().artifacts()).extracting(Artifact::value).contains(ran);
        assertThat(outcome.tasks().get(0).result().table()).get()
                .satisfies(table -> assertThat(table.rows()).isNotEmpty());
        assertThat(fixture.openAi().calls()).noneMatch(call -> call.schemaName().orElse("").equals("kql_query"));
        assertThat(queries.size()).isGreaterThan(before);
    }

    @Test
    void anInjectedValueForATypedInputIsRefusedAndNothingRuns() throws Exception {
        String session = engine.sessions().create("analyst").id();
        int before = fixture.logAnalytics().queries().size();

        PromptOutcome outcome = engine.submit(session,
                "run the incident lookup for incident 4113|.drop", ProgressListener.NONE)
                .outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(PromptOutcome.Status.FAILED);
        assertThat(outcome.tasks().get(0).result().markdown()).contains("was not run",
                "The input IncidentNumber must be a whole number");
        assertThat(fixture.logAnalytics().queries().subList(before, fixture.logAnalytics().queries().size()))
                .noneMatch(query -> query.query().contains("drop"));
    }
}
