package io.secai.engine.llm;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;

import java.util.function.Consumer;

/**
 * The engine's model client: the plugin-facing {@link LlmClient} plus a way to hear about waits of one call, so
 * that the engine can scope a client to a task and show its waits as that task's progress.
 */
public interface ObservableLlmClient extends LlmClient {

    /**
     * As {@link #complete(ChatRequest)}, reporting waits to the observer.
     *
     * @param request the request
     * @param observer hears waits
     * @return the answer
     */
    ChatResponse complete(ChatRequest request, CallObserver observer);

    /**
     * As {@link #stream(ChatRequest, Consumer)}, reporting waits to the observer.
     *
     * @param request the request
     * @param onDelta receives text as it arrives
     * @param observer hears waits
     * @return the answer
     */
    ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer);

    @Override
    default ChatResponse complete(ChatRequest request) {
        return complete(request, CallObserver.NONE);
    }

    @Override
    default ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        return stream(request, onDelta, CallObserver.NONE);
    }
}
