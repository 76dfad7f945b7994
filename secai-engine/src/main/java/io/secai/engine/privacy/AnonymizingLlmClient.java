package io.secai.engine.privacy;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;

import java.util.function.Consumer;

/**
 * The model as an anonymized session's task sees it: every request is masked on its way out and every answer
 * (streamed pieces included) has its tokens turned back before the plugin reads it. So the KQL a model writes with
 * {@code USER_1@contoso.com} in it runs with the real UPN, and the user reads real names.
 */
public final class AnonymizingLlmClient implements ObservableLlmClient {

    private final LlmClient delegate;
    private final Anonymizer anonymizer;
    private final MaskReport report;

    /**
     * @param delegate the model
     * @param anonymizer the session's anonymizer
     * @param report collects which fields this client's requests had masked
     */
    public AnonymizingLlmClient(LlmClient delegate, Anonymizer anonymizer, MaskReport report) {
        this.delegate = delegate;
        this.anonymizer = anonymizer;
        this.report = report;
    }

    @Override
    public ChatResponse complete(ChatRequest request, CallObserver observer) {
        ChatRequest masked = anonymizer.mask(request, report);
        ChatResponse response = delegate instanceof ObservableLlmClient observable
                ? observable.complete(masked, observer) : delegate.complete(masked);
        return revealed(response);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
        ChatRequest masked = anonymizer.mask(request, report);
        StreamRevealer pieces = new StreamRevealer(anonymizer, onDelta);
        ChatResponse response = delegate instanceof ObservableLlmClient observable
                ? observable.stream(masked, pieces, observer) : delegate.stream(masked, pieces);
        pieces.finish();
        return revealed(response);
    }

    @Override
    public int countTokens(String text) {
        return delegate.countTokens(text);
    }

    @Override
    public boolean countsTokensExactly() {
        return delegate.countsTokensExactly();
    }

    private ChatResponse revealed(ChatResponse response) {
        return ChatResponse.of(anonymizer.reveal(response.content()), response.usage(), response.finishReason());
    }
}
