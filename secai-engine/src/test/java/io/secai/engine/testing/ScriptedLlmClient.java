package io.secai.engine.testing;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.TokenUsage;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The test kit's {@link io.secai.testkit.plugin.ScriptedLlmClient} as the engine's {@link ObservableLlmClient}, for
 * unit tests that stand in for the model at a boundary they cannot run: the kit scripts the answers and keeps the
 * requests; this adapter adds the waits an answer is preceded by, which only the engine's client can report, and
 * answers with exactly the usage a test scripts. Tokens are counted as whitespace-separated words so that budgets in
 * tests are easy to reason about. The Azure OpenAI client itself is tested against the HTTPS fake of the wire format
 * elsewhere.
 *
 * <p>Waits are paired with answers in the order both were scripted, so the model answers one call at a time.
 */
public final class ScriptedLlmClient implements ObservableLlmClient {

    private final io.secai.testkit.plugin.ScriptedLlmClient answers =
            new io.secai.testkit.plugin.ScriptedLlmClient(ScriptedLlmClient::words);
    private final Deque<Optional<Wait>> waits = new ArrayDeque<>();

    /**
     * @param content the answer
     * @param usage the tokens it reports
     * @return this client
     */
    public ScriptedLlmClient answer(String content, TokenUsage usage) {
        return script(Optional.empty(), content, usage);
    }

    /**
     * Reports a wait to the call's observer before answering.
     *
     * @param delay the wait reported
     * @param reason why
     * @param content the answer
     * @param usage the tokens it reports
     * @return this client
     */
    public ScriptedLlmClient answerAfterWait(Duration delay, String reason, String content, TokenUsage usage) {
        return script(Optional.of(new Wait(delay, reason)), content, usage);
    }

    /** @return the requests received, in order */
    public List<ChatRequest> requests() {
        return answers.requests();
    }

    @Override
    public ChatResponse complete(ChatRequest request, CallObserver observer) {
        reportWait(observer);
        return answers.complete(request);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
        reportWait(observer);
        return answers.stream(request, onDelta);
    }

    @Override
    public int countTokens(String text) {
        return answers.countTokens(text);
    }

    private synchronized ScriptedLlmClient script(Optional<Wait> wait, String content, TokenUsage usage) {
        waits.add(wait);
        answers.respond(request -> ChatResponse.of(content, usage, "stop"));
        return this;
    }

    /** A call beyond the script reports no wait; the kit's client then fails the test. */
    private void reportWait(CallObserver observer) {
        Optional<Wait> wait;
        synchronized (this) {
            wait = Optional.ofNullable(waits.poll()).flatMap(scripted -> scripted);
        }
        wait.ifPresent(scripted -> observer.waiting(scripted.delay(), scripted.reason()));
    }

    private static int words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private record Wait(Duration delay, String reason) {
    }
}
