package io.secai.engine.llm;

import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletionsJsonSchemaResponseFormat;
import com.azure.ai.openai.models.ChatCompletionsJsonSchemaResponseFormatJsonSchema;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatRequestAssistantMessage;
import com.azure.ai.openai.models.ChatRequestMessage;
import com.azure.ai.openai.models.ChatRequestSystemMessage;
import com.azure.ai.openai.models.ChatRequestUserMessage;
import com.azure.ai.openai.models.ChatResponseMessage;
import com.azure.ai.openai.models.CompletionsFinishReason;
import com.azure.ai.openai.models.CompletionsUsage;
import com.azure.ai.openai.models.ContentFilterResult;
import com.azure.ai.openai.models.ContentFilterResultsForChoice;
import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.JsonSchema;
import io.secai.api.ServiceException;
import io.secai.api.ServiceException.Kind;
import io.secai.api.TokenUsage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * SecAI's chat in the azure-ai-openai SDK's model types: a {@link ChatRequest} as the SDK's options (a JSON schema as
 * strict structured output when the schema is closed), and the parts of an answer back: its text, why it ended, its
 * token usage (estimated the way the model bills it when the service leaves the usage out), and the content filter's
 * or the model's refusal as a {@link ServiceException} the user can act on.
 *
 * <p>It is apart from {@link AzureOpenAiClient} because it is the format, not the call: nothing here sends, waits or
 * retries, so what the service is asked for and how its answer is read can change without touching how the call is
 * made, and the other way round.
 */
final class AzureChatFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final double temperature;
    private final int maxTokens;
    private final ToIntFunction<String> tokens;

    /**
     * @param temperature the temperature of a request that sets none ({@code openai.temperature})
     * @param maxTokens the answer's token limit of a request that sets none ({@code openai.max-tokens})
     * @param tokens counts a text's tokens as the model does, for the estimate when the service reports no usage
     */
    AzureChatFormat(double temperature, int maxTokens, ToIntFunction<String> tokens) {
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * @param request SecAI's request
     * @return the SDK's, with the configured temperature and token limit unless the request sets its own
     */
    ChatCompletionsOptions options(ChatRequest request) {
        List<ChatRequestMessage> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            messages.add(switch (message.role()) {
                case SYSTEM -> new ChatRequestSystemMessage(message.content());
                case USER -> new ChatRequestUserMessage(message.content());
                case ASSISTANT -> new ChatRequestAssistantMessage(message.content());
            });
        }
        ChatCompletionsOptions options = new ChatCompletionsOptions(messages)
                .setTemperature(request.temperature().orElse(temperature))
                .setMaxTokens(request.maxTokens().orElse(maxTokens));
        request.responseSchema().ifPresent(schema -> options.setResponseFormat(responseFormat(schema)));
        return options;
    }

    private static ChatCompletionsJsonSchemaResponseFormat responseFormat(JsonSchema schema) {
        JsonNode document;
        try {
            document = JSON.readTree(schema.json());
        } catch (IOException e) {
            throw new IllegalArgumentException("the JSON schema \"" + schema.name() + "\" is not valid JSON", e);
        }
        // Strict mode demands a closed schema; one that closes its root object asks for it.
        boolean strict = document.path("additionalProperties").isBoolean()
                && !document.path("additionalProperties").asBoolean();
        return new ChatCompletionsJsonSchemaResponseFormat(
                new ChatCompletionsJsonSchemaResponseFormatJsonSchema(schema.name())
                        .setSchema(BinaryData.fromString(schema.json()))
                        .setStrict(strict));
    }

    /**
     * @param message the answer's message, null when it has none
     * @param choice the answer's choice, for its content filter results
     * @param finishReason why the answer ended
     * @return the answer's text, empty when it has none
     * @throws ServiceException when the content filter withheld the answer or the model refused
     */
    static String contentOf(ChatResponseMessage message, ChatChoice choice, String finishReason) {
        String refusal = message == null || message.getRefusal() == null ? "" : message.getRefusal();
        rejectFilteredOrRefused(finishReason, choice.getContentFilterResults(), refusal);
        return message == null || message.getContent() == null ? "" : message.getContent();
    }

    /**
     * @param finishReason why the answer ended
     * @param filters the content filter's results, null when the service sent none
     * @param refusal the model's refusal, blank when it did not refuse
     * @throws ServiceException when the content filter withheld the answer or the model refused
     */
    static void rejectFilteredOrRefused(String finishReason, ContentFilterResultsForChoice filters,
            String refusal) {
        if (finishReason.equals(CompletionsFinishReason.CONTENT_FILTERED.toString())) {
            throw new ServiceException(Failure.SERVICE, Kind.REJECTED, "Azure OpenAI's content filter withheld the "
                    + "answer (category: " + filteredCategories(filters) + "). Rephrase the request.");
        }
        if (!refusal.isBlank()) {
            throw new ServiceException(Failure.SERVICE, Kind.REJECTED, "the model refused: " + refusal);
        }
    }

    private static String filteredCategories(ContentFilterResultsForChoice filters) {
        if (filters == null) {
            return "not stated";
        }
        List<String> names = new ArrayList<>();
        addIfFiltered(names, "hate", filters.getHate());
        addIfFiltered(names, "self harm", filters.getSelfHarm());
        addIfFiltered(names, "sexual", filters.getSexual());
        addIfFiltered(names, "violence", filters.getViolence());
        return names.isEmpty() ? "not stated" : String.join("; ", names);
    }

    private static void addIfFiltered(List<String> names, String name, ContentFilterResult result) {
        if (result != null && result.isFiltered()) {
            names.add(name + (result.getSeverity() == null ? "" : ", severity " + result.getSeverity()));
        }
    }

    /** @return the finish reason as the service names it, {@code stop} when it names none */
    static String finishReason(CompletionsFinishReason reason) {
        return reason == null ? "stop" : reason.toString();
    }

    /**
     * @param usage what the service reported, null when the answer held no usage
     * @param request the request, to estimate its tokens
     * @param content the answer's text, to estimate its tokens
     * @return the call's usage, as reported or else estimated
     */
    TokenUsage usage(CompletionsUsage usage, ChatRequest request, String content) {
        if (usage != null) {
            // Cached prompt tokens are part of the prompt tokens; the service reports them when its cache served
            // a prefix of the request.
            long cached = usage.getPromptTokensDetails() == null
                    || usage.getPromptTokensDetails().getCachedTokens() == null ? 0
                    : usage.getPromptTokensDetails().getCachedTokens();
            return TokenUsage.of(1, usage.getPromptTokens(), usage.getCompletionTokens(), cached);
        }
        // Without a usage field (some proxies drop it) the count is estimated the way the model bills it.
        long prompt = 3;
        for (ChatMessage message : request.messages()) {
            prompt += tokens.applyAsInt(message.content()) + 3;
        }
        return TokenUsage.of(1, prompt, tokens.applyAsInt(content));
    }
}
