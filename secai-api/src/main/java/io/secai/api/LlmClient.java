package io.secai.api;

import java.util.function.Consumer;

/**
 * The language model.
 *
 * <p>Calls block until the answer is complete. Throttling is retried by the host within a capped wait that the user
 * sees; what still fails surfaces as a {@link ServiceException}.
 *
 * @since 1.0
 */
public interface LlmClient extends Client {

    /**
     * Asks the model.
     *
     * @param request the messages and output options
     * @return the answer with its token usage
     * @throws ServiceException when the model cannot be reached, refuses the request, or stays throttled
     */
    ChatResponse complete(ChatRequest request);

    /**
     * Asks the model and hands each piece of the answer to {@code onDelta} as it arrives.
     *
     * @param request the messages and output options
     * @param onDelta receives text as it is written
     * @return the complete answer with its token usage
     * @throws ServiceException as for {@link #complete}
     */
    default ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        ChatResponse response = complete(request);
        onDelta.accept(response.content());
        return response;
    }

    /**
     * Counts tokens the way the model's tokenizer does, to fit text into a budget before sending it.
     *
     * @param text any text
     * @return the number of tokens
     */
    int countTokens(String text);

    /**
     * Whether {@link #countTokens} uses the model's own tokenizer; when not, counts are estimates and shown as such.
     *
     * @return true when counts are exact
     * @since 1.1
     */
    default boolean countsTokensExactly() {
        return true;
    }
}
