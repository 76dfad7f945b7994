package io.secai.testkit.plugin;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.ServiceException;
import io.secai.api.TokenUsage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptedLlmClientTest {

    private static ChatRequest ask(String question) {
        return ChatRequest.of("test", List.of(ChatMessage.system("Be brief."), ChatMessage.user(question)));
    }

    @Test
    void answersInTheScriptedOrderAndKeepsEveryRequest() {
        ScriptedLlmClient model = new ScriptedLlmClient().answer("first").answer("second", "length");

        ChatResponse one = model.complete(ask("1"));
        ChatResponse two = model.complete(ask("2"));

        assertThat(one.content()).isEqualTo("first");
        assertThat(one.finishReason()).isEqualTo("stop");
        assertThat(two.content()).isEqualTo("second");
        assertThat(two.finishReason()).isEqualTo("length");
        assertThat(model.requests()).containsExactly(ask("1"), ask("2"));
        assertThat(model.lastRequest()).isEqualTo(ask("2"));
        assertThat(model.unusedAnswers()).isZero();
    }

    @Test
    void anAnswerCanBeComputedFromTheRequest() {
        ScriptedLlmClient model = new ScriptedLlmClient()
                .answer(request -> ScriptedLlmClient.text(request).contains("4113") ? "found" : "missing");

        assertThat(model.complete(ask("incident 4113")).content()).isEqualTo("found");
    }

    @Test
    void textJoinsEveryMessage() {
        assertThat(ScriptedLlmClient.text(ask("Hi"))).isEqualTo("Be brief.\nHi\n");
    }

    @Test
    void oneCallMoreThanScriptedFailsTheTestNamingThePurpose() {
        ScriptedLlmClient model = new ScriptedLlmClient().answer("only");
        model.complete(ask("1"));

        assertThatThrownBy(() -> model.complete(ask("2")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("the model was asked more often than the test scripted (request 2, purpose test)");
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void theFallbackAnswersOnceTheScriptRunsOut() {
        ScriptedLlmClient model = new ScriptedLlmClient().answer("scripted").otherwise(request -> "fallback");
        ScriptedLlmClient always = ScriptedLlmClient.alwaysAnswering("same");

        assertThat(List.of(model.complete(ask("1")).content(), model.complete(ask("2")).content()))
                .containsExactly("scripted", "fallback");
        assertThat(List.of(always.complete(ask("1")).content(), always.complete(ask("2")).content()))
                .containsExactly("same", "same");
    }

    @Test
    void aScriptedFailureIsThrownInItsTurn() {
        ServiceException throttled = new ServiceException("Azure OpenAI", ServiceException.Kind.THROTTLED,
                "Still throttled after 3 attempts.");
        ScriptedLlmClient model = new ScriptedLlmClient().fail(throttled).answer("after");

        assertThatThrownBy(() -> model.complete(ask("1"))).isSameAs(throttled);
        assertThat(model.complete(ask("2")).content()).isEqualTo("after");
    }

    @Test
    void aWholeResponseCanBeScripted() {
        ChatResponse filtered = ChatResponse.of("", TokenUsage.of(1, 5, 0), "content_filter");
        ScriptedLlmClient model = new ScriptedLlmClient().respond(request -> filtered);

        assertThat(model.complete(ask("x"))).isSameAs(filtered);
    }

    @Test
    void streamsTheAnswerInPiecesThatJoinToIt() {
        String answer = "## Summary\n\nTwo incidents are open.";
        ScriptedLlmClient model = new ScriptedLlmClient().answer(answer).answer("");
        List<String> pieces = new ArrayList<>();
        List<String> none = new ArrayList<>();

        ChatResponse response = model.stream(ask("x"), pieces::add);
        model.stream(ask("y"), none::add);

        assertThat(response.content()).isEqualTo(answer);
        assertThat(pieces).containsExactly("## ", "Summary\n", "\n", "Two ", "incidents ", "are ", "open.");
        assertThat(none).isEmpty();
    }

    @Test
    void reportsUsageAsTheEngineEstimatesIt() {
        ScriptedLlmClient model = new ScriptedLlmClient().answer("12345678");

        TokenUsage usage = model.complete(ask("1234")).usage();

        // 3 for the reply, then per message 3 plus its tokens: "Be brief." is 9 characters, so 3 tokens roughly.
        assertThat(usage).isEqualTo(TokenUsage.of(1, 3 + (3 + 3) + (3 + 1), 2));
    }

    @Test
    void countsTokensRoughlyOrWithTheO200kTokenizer() {
        ScriptedLlmClient rough = new ScriptedLlmClient();
        ScriptedLlmClient exact = new ScriptedLlmClient(TokenCounting.O200K);

        assertThat(rough.countTokens("")).isZero();
        assertThat(rough.countTokens("abcde")).isEqualTo(2);
        assertThat(exact.countTokens("hello world")).isEqualTo(2);
        assertThat(rough.countTokens("hello world")).isEqualTo(3);
    }

    @Test
    void lastRequestFailsWhenTheModelWasNeverAsked() {
        assertThatThrownBy(() -> new ScriptedLlmClient().lastRequest())
                .isInstanceOf(AssertionError.class).hasMessage("the model was never asked");
    }
}
