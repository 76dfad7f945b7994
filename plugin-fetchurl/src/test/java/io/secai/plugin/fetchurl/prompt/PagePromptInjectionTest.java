package io.secai.plugin.fetchurl.prompt;

import java.util.List;

import io.secai.api.UntrustedText;
import io.secai.plugin.fetchurl.extract.ExtractedPage;
import io.secai.testkit.injection.PromptInjection;
import org.junit.jupiter.api.Test;

class PagePromptInjectionTest {

    @Test
    void hostilePageTextStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> PagePrompt.messages("Summarise the advisory",
                PromptInjection.sessionWith("an earlier result"),
                List.of(new ExtractedPage("Advisory", "https://example.com/advisory", "Intro\n" + hostile)),
                UntrustedText.newFence()));
    }

    @Test
    void hostilePageTitlesStayInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> PagePrompt.messages("Summarise the advisory",
                PromptInjection.sessionWith("an earlier result"),
                List.of(new ExtractedPage(hostile, "https://example.com/advisory", "Body")),
                UntrustedText.newFence()));
    }

    @Test
    void hostileTextFromEarlierTurnsStaysInsideTheFence() {
        PromptInjection.assertEveryHostileTextStaysFenced(hostile -> PagePrompt.messages("Compare with before",
                PromptInjection.sessionWith(hostile),
                List.of(new ExtractedPage("Advisory", "https://example.com/advisory", "Body")),
                UntrustedText.newFence()));
    }
}
