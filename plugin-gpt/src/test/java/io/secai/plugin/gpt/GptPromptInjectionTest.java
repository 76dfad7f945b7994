package io.secai.plugin.gpt;

import io.secai.api.Task;
import io.secai.api.UntrustedText;
import io.secai.testkit.injection.PromptInjection;
import org.junit.jupiter.api.Test;

class GptPromptInjectionTest {

    @Test
    void hostileTextInTheSessionContextStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> GptPlugin.messages(
                Task.of(GptPlugin.NAME, GptPlugin.ANSWER, "Summarise the incidents"),
                PromptInjection.sessionWith(hostile), UntrustedText.newFence()));
    }
}
