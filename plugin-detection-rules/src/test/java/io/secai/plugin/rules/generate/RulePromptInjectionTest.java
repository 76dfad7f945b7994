package io.secai.plugin.rules.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.UntrustedText;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.plugin.ScriptedLlmClient;
import org.junit.jupiter.api.Test;

class RulePromptInjectionTest {

    @Test
    void hostileTextInTheSessionContextStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> new RuleGenerator(new ScriptedLlmClient(),
                new ObjectMapper(), "Generate the analytic rule for the detection above",
                PromptInjection.sessionWith(hostile), UntrustedText.newFence()).messages());
    }
}
