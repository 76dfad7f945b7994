package io.secai.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON API over the real engine and plugins, against the HTTPS fakes. */
class RealEngineApiTest {

    @TempDir
    static Path work;

    private static RealEngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = RealEngineFixture.start(work, "Two incidents, one **high**.", "Suspicious sign-in", "Upgrade now.");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void promptRunsKqlFetchAndGptTasksThroughTheRealEngine() {
        Browserless script = Browserless.withBearer(fixture.server(), fixture.server().token());
        String session = script.createSession();

        List<Browserless.Event> events = script.ask(session, "new incidents, and what does the advisory say?");

        JsonNode outcome = events.get(events.size() - 1).data();
        assertThat(outcome.path("status").asText()).as(outcome + " plugins: " + script.get("/api/plugins").body()).isEqualTo("SUCCEEDED");
        assertThat(events).extracting(Browserless.Event::name).contains("plan", "task-started", "task-finished");
        JsonNode kql = outcome.path("tasks").get(0).path("result");
        assertThat(kql.path("table").path("rows")).hasSize(2);
        assertThat(kql.path("artifacts").findValuesAsText("kind")).contains("QUERY");
        assertThat(outcome.path("tasks").get(1).path("result").path("artifacts").findValuesAsText("value"))
                .contains(RealEngineFixture.ADVISORY_URL);
        assertThat(outcome.path("tasks").get(2).path("result").path("html").asText())
                .contains("<strong>high</strong>");
        assertThat(outcome.path("usage").path("calls").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(fixture.logAnalytics().queries()).isNotEmpty();

        JsonNode transcript = script.json(script.get("/api/sessions/" + session));
        assertThat(transcript.path("turns")).hasSize(1);
        assertThat(script.json(script.get("/api/plugins")).findValuesAsText("name"))
                .contains("gpt", "sentinel-kql", "fetchurl");
    }
}
