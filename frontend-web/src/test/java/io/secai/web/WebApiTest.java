package io.secai.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON API's behaviour on a real server, over {@link ScriptedEngine} (a scripted engine isolates the web layer;
 * the end-to-end tests use the real one).
 */
class WebApiTest {

    private static ScriptedEngine engine;
    private static WebServer server;

    @BeforeAll
    static void start() {
        ResultTable table = new ResultTable(
                List.of(new Column("Title", ColumnType.STRING), new Column("Count", ColumnType.LONG)),
                List.of(Arrays.asList("<img src=x onerror=alert(1)>", 3L), Arrays.asList(null, 1L)));
        engine = new ScriptedEngine("Found **2** incidents <script>window.__xss=1</script>", table);
        server = WebServer.start(engine, WebSettings.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        engine.close();
    }

    @Test
    void promptStreamsPlanProgressResultAndEndsWithOutcome() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();

        List<Browserless.Event> events = script.ask(session, "new incidents");

        assertThat(events).extracting(Browserless.Event::name).containsExactly("plan", "task-started",
                "task-progress", "task-artifact", "task-finished", "prompt-finished", "outcome");
        JsonNode result = events.get(4).data().path("result");
        assertThat(result.path("html").asText()).contains("<strong>2</strong>").doesNotContain("<script");
        assertThat(result.path("table").path("columns").findValuesAsText("name")).containsExactly("Title", "Count");
        assertThat(result.path("table").path("rows").get(0).get(0).asText()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(result.path("table").path("rows").get(1).get(0).isNull()).isTrue();
        JsonNode outcome = events.get(6).data();
        assertThat(outcome.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(outcome.path("usage").path("totalTokens").asLong()).isEqualTo(150);
    }

    @Test
    void eventsAreReplayedToALateReaderAndAfterLastEventId() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        HttpResponse<String> started = script.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"x\"}");
        String eventsUrl = script.json(started).path("eventsUrl").asText();

        List<Browserless.Event> first = script.events(eventsUrl);
        List<Browserless.Event> again = script.events(eventsUrl);

        assertThat(again).isEqualTo(first);
        assertThat(first).last().extracting(Browserless.Event::name).isEqualTo("outcome");
    }

    @Test
    void transcriptShowsEarlierTurnsAndClearForgetsThem() {
        Browserless browser = Browserless.loggedIn(server);
        String session = browser.createSession();
        browser.ask(session, "first question");
        browser.ask(session, "second question");

        JsonNode transcript = browser.json(browser.get("/api/sessions/" + session));
        HttpResponse<String> cleared = browser.post("/api/sessions/" + session + "/clear", "");
        JsonNode afterClear = browser.json(browser.get("/api/sessions/" + session));

        assertThat(transcript.path("turns").findValuesAsText("prompt"))
                .containsExactly("first question", "second question");
        assertThat(transcript.path("turns").get(0).path("outcome").path("tasks").get(0).path("result")
                .path("table").path("rows")).hasSize(2);
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(afterClear.path("turns")).isEmpty();
    }

    @Test
    void deletedSessionIsGone() {
        Browserless browser = Browserless.loggedIn(server);
        String session = browser.createSession();

        assertThat(browser.delete("/api/sessions/" + session).statusCode()).isEqualTo(204);
        assertThat(browser.get("/api/sessions/" + session).statusCode()).isEqualTo(404);
        assertThat(browser.delete("/api/sessions/" + session).statusCode()).isEqualTo(404);
    }

    @Test
    void emptyPromptEndsWithTheEnginesRefusal() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();

        List<Browserless.Event> events = script.ask(session, "   ");

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.name()).isEqualTo("outcome");
            assertThat(event.data().path("status").asText()).isEqualTo("REFUSED");
            assertThat(event.data().path("message").asText()).isNotBlank();
        });
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
    }

    @Test
    void eventStreamNeedsTheEventStreamAcceptHeader() {
        Browserless script = Browserless.withBearer(server, server.token());
        String session = script.createSession();
        HttpResponse<String> started = script.post("/api/sessions/" + session + "/prompts", "{\"prompt\":\"x\"}");

        HttpResponse<String> plain = script.get(script.json(started).path("eventsUrl").asText());

        assertThat(plain.statusCode()).isEqualTo(406);
    }

    @Test
    void pluginsAreListed() {
        Browserless script = Browserless.withBearer(server, server.token());

        JsonNode plugins = script.json(script.get("/api/plugins"));

        assertThat(plugins.findValuesAsText("name")).containsExactly("scripted");
        assertThat(plugins.get(0).path("state").asText()).isEqualTo("LOADED");
    }
}
