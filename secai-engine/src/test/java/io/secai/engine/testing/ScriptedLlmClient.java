package io.secai.engine.testing;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.TokenUsage;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stands in for the model at a boundary these unit tests cannot run: answers are scripted in order, and tokens are
 * counted as whitespace-separated words so that budgets in tests are easy to reason about. The Azure OpenAI client
 * itself is tested against the HTTPS fake of the wire format elsewhere.
 */
public final class ScriptedLlmClient implements ObservableLlmClient {

    private final Deque<Step> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();

    /**
     * @param content the answer
     * @param usage the tokens it reports
     * @return this client
     */
    public synchronized ScriptedLlmClient answer(String content, TokenUsage usage) {
        script.add(new Step(content, usage, null, null));
        return this;
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
    public synchronized ScriptedLlmClient answerAfterWait(Duration delay, String reason, String content,
                                                         TokenUsage usage) {
        script.add(new Step(content, usage, delay, reason));
        return this;
    }

    /** @return the requests received, in order */
    public synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public ChatResponse complete(ChatRequest request, CallObserver observer) {
        Step step = next(request);
        if (step.delay() != null) {
            observer.waiting(step.delay(), step.reason());
        }
        return new ChatResponse(step.content(), step.usage(), "stop");
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
        ChatResponse response = complete(request, observer);
        // Deltas word by word, keeping the spaces, as a server's SSE chunks would arrive.
        for (String piece : response.content().split("(?<= )")) {
            onDelta.accept(piece);
        }
        return response;
    }

    @Override
    public int countTokens(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    private synchronized Step next(ChatRequest request) {
        requests.add(request);
        Step step = script.poll();
        if (step == null) {
            throw new AssertionError("the model was called more often than the test scripted: " + request.purpose());
        }
        return step;
    }

    private record Step(String content, TokenUsage usage, Duration delay, String reason) {
    }
}
