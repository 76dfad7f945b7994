package io.secai.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API on a real server on a random port, over the real engine and plugins talking to the HTTPS fakes
 * ({@link RealEngineFixture}). One engine serves the whole class; each test works in sessions of its own.
 */
class WebApiTest {

    static final String ANSWER = "Found **2** incidents <script>window.__xss=1</script>";
    static final String CELL = "<img src=x onerror=alert(1)>";

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;
    private static WebServer server;

    @BeforeAll
    static void start() {
        fixture = RealEngineFixture.start(work, ANSWER, CELL, "Upgrade now.");
        server = fixture.server();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void promptStreamsPlanTaskAnswerAndEndsWithOutcome() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();

        List<Browserless.Event> events = script.ask(session, "what should I patch first?");

        assertThat(withoutRepeats(events)).containsExactly("plan", "task-started", "task-delta", "task-finished",
                "prompt-finished", "outcome");
        assertThat(events.get(0).data().path("tasks").findValuesAsText("plugin")).containsExactly("gpt");
        String streamed = events.stream().filter(event -> event.name().equals("task-delta"))
                .map(event -> event.data().path("text").asText()).collect(Collectors.joining());
        assertThat(streamed).isEqualTo(ANSWER);
        JsonNode result = single(events, "task-finished").data().path("result");
        assertThat(result.path("markdown").asText()).isEqualTo(ANSWER);
        assertThat(result.path("html").asText()).contains("<strong>2</strong>").doesNotContain("<script");
        JsonNode outcome = events.get(events.size() - 1).data();
        assertThat(outcome.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(outcome.path("usage").path("calls").asLong()).isEqualTo(2);
        assertThat(outcome.path("usage").path("totalTokens").asLong()).isPositive();
    }

    @Test
    void promptRunsKqlFetchAndGptTasksWithTypedTableCells() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();

        List<Browserless.Event> events = script.ask(session, "new incidents, and what does the advisory say?");

        JsonNode outcome = events.get(events.size() - 1).data();
        assertThat(outcome.path("status").asText()).as(outcome.toString()).isEqualTo("SUCCEEDED");
        assertThat(outcome.path("tasks").findValuesAsText("plugin"))
                .containsExactly("sentinel-kql", "fetchurl", "gpt");
        JsonNode kql = outcome.path("tasks").get(0).path("result");
        assertThat(kql.path("table").path("columns").findValuesAsText("name"))
                .containsExactly("TimeGenerated", "Title", "Severity", "IncidentNumber");
        assertThat(kql.path("table").path("rows").get(0).get(1).asText()).isEqualTo(CELL);
        assertThat(kql.path("table").path("rows").get(0).get(3).isNumber()).isTrue();
        assertThat(kql.path("artifacts").findValuesAsText("kind")).contains("QUERY");
        assertThat(outcome.path("tasks").get(1).path("result").path("artifacts").findValuesAsText("value"))
                .contains(RealEngineFixture.ADVISORY_URL);
        assertThat(fixture.logAnalytics().queries()).isNotEmpty();
    }

    @Test
    void eventsAreReplayedToALateReaderAndAfterLastEventId() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        HttpResponse<String> started = script.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"x\"}");
        String eventsUrl = script.json(started).path("eventsUrl").asText();

        List<Browserless.Event> first = script.events(eventsUrl);
        List<Browserless.Event> again = script.events(eventsUrl);
        List<Browserless.Event> afterPlan = script.eventsAfter(eventsUrl, 0);

        assertThat(again).isEqualTo(first);
        assertThat(first).last().extracting(Browserless.Event::name).isEqualTo("outcome");
        assertThat(afterPlan).isEqualTo(first.subList(1, first.size()));
    }

    @Test
    void transcriptShowsEarlierTurnsAndClearForgetsThem() {
        Browserless browser = Browserless.loggedIn(server);
        String session = browser.createSession();
        browser.ask(session, "first question about the incidents");
        browser.ask(session, "second question");

        JsonNode transcript = browser.json(browser.get("/api/sessions/" + session));
        HttpResponse<String> cleared = browser.post("/api/sessions/" + session + "/clear", "");
        JsonNode afterClear = browser.json(browser.get("/api/sessions/" + session));

        assertThat(transcript.path("turns").findValuesAsText("prompt"))
                .containsExactly("first question about the incidents", "second question");
        assertThat(transcript.path("turns").get(0).path("outcome").path("tasks").get(0).path("result")
                .path("table").path("rows")).hasSize(3);
        assertThat(transcript.path("turns").get(1).path("outcome").path("tasks").get(0).path("result")
                .path("markdown").asText()).isEqualTo(ANSWER);
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(afterClear.path("turns")).isEmpty();
        assertThat(browser.ask(session, "after the clear")).last()
                .satisfies(event -> assertThat(event.data().path("status").asText()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void thePrivacySwitchAnonymizesTheSessionsModelRequestsAndOnlyItsOwnerMayFlipIt() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        String privacy = "/api/sessions/" + session + "/privacy";
        assertThat(script.json(script.get(privacy)).path("anonymize").asBoolean()).isFalse();

        HttpResponse<String> on = script.post(privacy, "{\"anonymize\": true}");
        List<Browserless.Event> events = script.ask(session, "did alice.smith@contoso.com sign in from 10.9.8.7?");

        assertThat(script.json(on).path("anonymize").asBoolean()).isTrue();
        assertThat(events.get(events.size() - 1).data().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(fixture.openAi().calls().stream().map(call -> call.body())
                .filter(body -> body.contains("sign in from"))).isNotEmpty().allSatisfy(body -> assertThat(body)
                .doesNotContain("alice.smith", "10.9.8.7").contains("USER_1@contoso.com", "IP_1"));
        assertThat(Browserless.loggedIn(server).post(privacy, "{\"anonymize\": false}").statusCode()).isEqualTo(404);
        assertThat(script.post(privacy, "{\"anonymize\": \"yes\"}").statusCode()).isEqualTo(400);
        assertThat(script.json(script.get(privacy)).path("anonymize").asBoolean()).isTrue();
    }

    @Test
    void deletedSessionIsGone() {
        Browserless browser = Browserless.loggedIn(server);
        String session = browser.createSession();
        browser.ask(session, "something to keep");

        assertThat(browser.delete("/api/sessions/" + session).statusCode()).isEqualTo(204);
        assertThat(browser.get("/api/sessions/" + session).statusCode()).isEqualTo(404);
        assertThat(browser.delete("/api/sessions/" + session).statusCode()).isEqualTo(404);
        assertThat(browser.json(browser.get("/api/sessions")).findValuesAsText("id")).doesNotContain(session);
    }

    @Test
    void emptyPromptEndsWithTheEnginesRefusal() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        int callsBefore = fixture.openAi().callCount();

        List<Browserless.Event> events = script.ask(session, "   ");

        assertThat(events).extracting(Browserless.Event::name).last().isEqualTo("outcome");
        assertThat(events).extracting(Browserless.Event::name).doesNotContain("plan", "task-started");
        JsonNode outcome = events.get(events.size() - 1).data();
        assertThat(outcome.path("status").asText()).isEqualTo("REFUSED");
        assertThat(outcome.path("message").asText()).isNotBlank();
        assertThat(fixture.openAi().callCount()).isEqualTo(callsBefore);
    }

    @Test
    void secondPromptWhileOneRunsIsRefusedAndTheSessionGoesOn() throws InterruptedException {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        HttpResponse<String> first;
        HttpResponse<String> second;
        try (RealEngineFixture.AnswerGate gate = fixture.holdAnswers()) {
            first = script.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"one\"}");
            gate.awaitHeldAnswer();
            second = script.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"two\"}");
        }
        List<Browserless.Event> firstEvents = script.events(script.json(first).path("eventsUrl").asText());

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(script.json(second).path("error").asText()).contains("still answering");
        assertThat(firstEvents).last().satisfies(event ->
                assertThat(event.data().path("status").asText()).isEqualTo("SUCCEEDED"));
        assertThat(script.ask(session, "three")).last().satisfies(event ->
                assertThat(event.data().path("status").asText()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void cancelledRunEndsCancelledAndTheSessionGoesOn() throws InterruptedException {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        HttpResponse<String> started;
        HttpResponse<String> cancelled;
        try (RealEngineFixture.AnswerGate gate = fixture.holdAnswers()) {
            started = script.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"slow one\"}");
            gate.awaitHeldAnswer();
            cancelled = script.post("/api/runs/" + script.json(started).path("runId").asText() + "/cancel", "");
        }
        List<Browserless.Event> events = script.events(script.json(started).path("eventsUrl").asText());

        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(script.json(cancelled).path("cancelling").asBoolean()).isTrue();
        assertThat(events).last().satisfies(event ->
                assertThat(event.data().path("status").asText()).isEqualTo("CANCELLED"));
        assertThat(script.ask(session, "next one")).last().satisfies(event ->
                assertThat(event.data().path("status").asText()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void malformedPromptBodyIsRefusedWithAMessage() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();

        HttpResponse<String> notJson = script.post("/api/sessions/" + session + "/prompts", "prompt=hi");
        HttpResponse<String> noPrompt = script.post("/api/sessions/" + session + "/prompts", "{\"text\":\"hi\"}");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(script.json(noPrompt).path("error").asText()).contains("prompt");
        assertThat(script.json(script.get("/api/sessions/" + session)).path("turns")).isEmpty();
    }

    @Test
    void eventStreamNeedsTheEventStreamAcceptHeader() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        HttpResponse<String> started = script.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"x\"}");
        String eventsUrl = script.json(started).path("eventsUrl").asText();

        HttpResponse<String> plain = script.get(eventsUrl);

        assertThat(plain.statusCode()).isEqualTo(406);
        assertThat(script.events(eventsUrl)).last().extracting(Browserless.Event::name).isEqualTo("outcome");
    }

    @Test
    void pluginsAreListed() {
        Browserless script = Browserless.withBearer(server, server.token());

        JsonNode plugins = script.json(script.get("/api/plugins"));

        // Folders that contribute a model connector rather than a Plugin (plugin-llm-openai) are listed too; the
        // task plugins are the ones with capabilities.
        assertThat(plugins).filteredOn(plugin -> !plugin.path("capabilities").isEmpty())
                .extracting(plugin -> plugin.path("name").asText())
                .containsExactlyInAnyOrder("gpt", "sentinel-kql", "fetchurl", "detection-rules", "defender-xdr");
        assertThat(plugins).filteredOn(plugin -> !plugin.path("capabilities").isEmpty())
                .allSatisfy(plugin -> assertThat(plugin.path("state").asText()).isEqualTo("LOADED"));
    }

    /** Event names with runs of the same name folded into one: how many text deltas arrive is the model's affair. */
    private static List<String> withoutRepeats(List<Browserless.Event> events) {
        List<String> names = new ArrayList<>();
        for (Browserless.Event event : events) {
            if (names.isEmpty() || !names.get(names.size() - 1).equals(event.name())) {
                names.add(event.name());
            }
        }
        return names;
    }

    private static Browserless.Event single(List<Browserless.Event> events, String name) {
        List<Browserless.Event> named = events.stream().filter(event -> event.name().equals(name)).toList();
        assertThat(named).as(name + " events").hasSize(1);
        return named.get(0);
    }
}
