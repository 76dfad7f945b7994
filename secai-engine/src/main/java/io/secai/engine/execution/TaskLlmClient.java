package io.secai.engine.execution;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.api.TokenUsage;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The model as one task sees it: every call's tokens are added to the task, and waits show as its progress. */
final class TaskLlmClient implements LlmClient {

    private final LlmClient delegate;
    private final CallObserver observer;
    private final AtomicReference<TokenUsage> usage = new AtomicReference<>(TokenUsage.NONE);

    TaskLlmClient(LlmClient delegate, CallObserver observer) {
        this.delegate = delegate;
        this.observer = observer;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        ChatResponse response = delegate instanceof ObservableLlmClient observable
                ? observable.complete(request, observer)
                : delegate.complete(request);
        return counted(response);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        ChatResponse response = delegate instanceof ObservableLlmClient observable
                ? observable.stream(request, onDelta, observer)
                : delegate.stream(request, onDelta);
        return counted(response);
    }

    @Override
    public int countTokens(String text) {
        return delegate.countTokens(text);
    }

    TokenUsage usage() {
        return usage.get();
    }

    private ChatResponse counted(ChatResponse response) {
        usage.accumulateAndGet(response.usage(), TokenUsage::plus);
        return response;
    }
}
