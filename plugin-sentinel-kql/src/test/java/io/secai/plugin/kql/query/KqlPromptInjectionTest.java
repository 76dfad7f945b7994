package io.secai.plugin.kql.query;

import java.util.List;

import io.secai.api.ChatRequest;
import io.secai.kql.examples.KqlExample;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.plugin.ScriptedLlmClient;
import org.junit.jupiter.api.Test;

class KqlPromptInjectionTest {

    private static final String QUERY = "{\"tables\":[\"SecurityIncident\"],\"kql\":\"SecurityIncident | take 5\","
            + "\"rationale\":\"r\",\"timespan\":\"\"}";

    @Test
    void hostileTextInTheSessionContextStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> {
            ScriptedLlmClient model = ScriptedLlmClient.alwaysAnswering(QUERY);
            new KqlGenerator(model, "list the incidents", List.of(), PromptInjection.sessionWith(hostile), false)
                    .next();
            return model.lastRequest().messages();
        });
    }

    @Test
    void hostileTextInALibraryExampleStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> {
            ScriptedLlmClient model = ScriptedLlmClient.alwaysAnswering(QUERY);
            KqlExample example = new KqlExample("evil.md", "Title " + hostile, hostile,
                    "SecurityIncident\n// " + hostile, List.of());
            new KqlGenerator(model, "list the incidents", List.of(), List.of(example),
                    PromptInjection.sessionWith("an earlier result"), false).next();
            return model.lastRequest().messages();
        });
    }

    @Test
    void hostileTextInARejectionReasonStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> {
            ScriptedLlmClient model = ScriptedLlmClient.alwaysAnswering(QUERY);
            KqlGenerator generator = new KqlGenerator(model, "list the incidents", List.of(),
                    PromptInjection.sessionWith("an earlier result"), false);
            generator.next();
            generator.reject("Log Analytics said: " + hostile);
            generator.next();
            ChatRequest repair = model.lastRequest();
            return repair.messages();
        });
    }
}
