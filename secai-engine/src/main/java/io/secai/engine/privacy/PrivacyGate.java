package io.secai.engine.privacy;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;

import java.util.function.Consumer;

/**
 * The planner's model client: a call made with a {@link PrivacyScope} is anonymized for that scope's session; any
 * other call passes as it is.
 */
public final class PrivacyGate implements ObservableLlmClient {

    private final ObservableLlmClient delegate;

    /** @param delegate the model */
    public PrivacyGate(ObservableLlmClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ChatResponse complete(ChatRequest request, CallObserver observer) {
        if (observer instanceof PrivacyScope scope) {
            return new AnonymizingLlmClient(delegate, scope.anonymizer(), scope.report()).complete(request, scope);
        }
        return delegate.complete(request, observer);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
        if (observer instanceof PrivacyScope scope) {
            return new AnonymizingLlmClient(delegate, scope.anonymizer(), scope.report())
                    .stream(request, onDelta, scope);
        }
        return delegate.stream(request, onDelta, observer);
    }

    @Override
    public int countTokens(String text) {
        return delegate.countTokens(text);
    }

    @Override
    public boolean countsTokensExactly() {
        return delegate.countsTokensExactly();
    }
}
