package io.secai.plugin.llm.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.JsonSchema;
import io.secai.api.LlmClient;
import io.secai.api.ServiceException;
import io.secai.api.ServiceException.Kind;
import io.secai.api.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A model behind OpenAI's chat-completions API, on the official openai-java SDK: the OpenAI API itself or any
 * compatible server (Ollama, vLLM, LM Studio, llama.cpp's server, Azure OpenAI's {@code /openai/v1} endpoint).
 *
 * <p>It adapts to what the model accepts, learning from the first refusal and remembering it ({@link Capabilities}):
 * a schema is asked for as {@code json_schema}, else as JSON mode, else in the prompt, and the answer is then checked
 * and repaired once ({@link StructuredAnswers}); {@code temperature} is dropped for a model that rejects it,
 * {@code max_tokens} becomes {@code max_completion_tokens} for one that wants it, and a server that cannot stream is
 * asked without. Retries of throttling (429, honouring {@code retry-after-ms} and {@code Retry-After}), 5xx and
 * network failures are the SDK's, bounded by {@code retry.max-attempts}; what still fails becomes a
 * {@link ServiceException} from {@link Failures}. Thread-safe.
 */
final class OpenAiCompatibleClient implements LlmClient, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleClient.class);
    /** Each refusal teaches one thing; four covers temperature, token limit, response format twice. */
    private static final int MAX_ADAPTATIONS = 4;

    private final ProfileSettings settings;
    private final Capabilities capabilities;
    private final TokenCounter tokens;
    private final Failures failures;
    private OpenAIClient sdk;

    private final CapabilityStore store;

    OpenAiCompatibleClient(ProfileSettings settings) {
        this(settings, CapabilityStore.none());
    }

    /**
     * @param settings the profile
     * @param store where what the model accepts is remembered between starts
     */
    OpenAiCompatibleClient(ProfileSettings settings, CapabilityStore store) {
        this.settings = settings;
        this.store = store;
        this.capabilities = store.load(settings.endpoint(), settings.model())
                .map(remembered -> new Capabilities(remembered, settings.stream()))
                .orElseGet(() -> new Capabilities(settings.model(), settings.stream()));
        this.tokens = TokenCounter.forModel(settings.model());
        this.failures = new Failures(settings);
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Answer answer = ask(request, null);
        return StructuredAnswers.finish(request, answer.response(), capabilities.structured(),
                repair -> ask(repair, null).response());
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        if (request.responseSchema().isPresent()) {
            // Structured answers are checked whole before anyone sees them, so they are not streamed.
            ChatResponse response = complete(request);
            onDelta.accept(response.content());
            return response;
        }
        return ask(request, onDelta).response();
    }

    @Override
    public int countTokens(String text) {
        return tokens.count(text);
    }

    @Override
    public boolean countsTokensExactly() {
        return tokens.exact();
    }

    /** @return what this model has shown it accepts, for tests and diagnostics */
    Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public synchronized void close() {
        if (sdk != null) {
            sdk.close();
            sdk = null;
        }
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleClient[" + settings + ", " + capabilities + "]";
    }

    private record Answer(ChatResponse response) {
    }

    private Answer ask(ChatRequest request, Consumer<String> onDelta) {
        for (int adaptation = 0; ; adaptation++) {
            boolean streaming = onDelta != null && capabilities.streaming();
            StringBuilder shown = new StringBuilder();
            try {
                ChatCompletionCreateParams params = params(request, streaming);
                return new Answer(streaming ? streamed(request, params, onDelta, shown) : completed(request, params,
                        onDelta));
            } catch (BadRequestException | UnprocessableEntityException refused) {
                if (shown.length() > 0 || adaptation >= MAX_ADAPTATIONS || !adapt(refused, request, streaming)) {
                    throw failures.of(refused);
                }
                store.save(settings.endpoint(), settings.model(), capabilities.snapshot());
            } catch (OpenAIException error) {
                throw failures.of(error);
            }
        }
    }

    /** Learns from a refusal what the model does not accept; false when the refusal is about something else. */
    private boolean adapt(OpenAIException refused, ChatRequest request, boolean streaming) {
        if (refused instanceof OpenAIServiceException failed
                && failed.code().filter("content_filter"::equals).isPresent()) {
            return false;
        }
        String text = Failures.describe(refused).toLowerCase(Locale.ROOT);
        if (capabilities.temperature() && text.contains("temperature")) {
            capabilities.refuseTemperature();
            LOG.info("Model {} ({}) rejects temperature; asking without it from now on", settings.model(),
                    settings.profile());
            return true;
        }
        boolean mentionsLimit = text.contains("max_tokens") || text.contains("max_completion_tokens");
        if (mentionsLimit) {
            capabilities.switchTokenLimit();
            LOG.info("Model {} ({}) wants {} from now on", settings.model(), settings.profile(),
                    capabilities.tokenLimit());
            return true;
        }
        if (request.responseSchema().isPresent() && capabilities.structured() != Capabilities.Structured.PLAIN_TEXT
                && (text.contains("response_format") || text.contains("json_schema") || text.contains("json_object")
                || text.contains("response format"))) {
            Capabilities.Structured now = capabilities.degradeStructured();
            LOG.info("Model {} ({}) refused its structured-output mode; using {} from now on", settings.model(),
                    settings.profile(), now);
            return true;
        }
        if (streaming && text.contains("stream")) {
            capabilities.refuseStreaming();
            LOG.info("Model {} ({}) cannot stream; asking for whole answers from now on", settings.model(),
                    settings.profile());
            return true;
        }
        return false;
    }

    private ChatResponse completed(ChatRequest request, ChatCompletionCreateParams params, Consumer<String> onDelta) {
        ChatCompletion completion = sdk().chat().completions().create(params);
        if (completion.choices().isEmpty()) {
            throw new ServiceException(failures.service(), Kind.FAILED, "the answer held no choice.");
        }
        ChatCompletion.Choice choice = completion.choices().get(0);
        String finishReason = choice.finishReason().asString();
        failures.rejectFilteredOrRefused(finishReason, choice.message().refusal().orElse(""));
        String content = choice.message().content().orElse("");
        if (onDelta != null) {
            onDelta.accept(content);
        }
        return ChatResponse.of(content, usage(completion.usage(), request, content), finishReason);
    }

    private ChatResponse streamed(ChatRequest request, ChatCompletionCreateParams params, Consumer<String> onDelta,
                                  StringBuilder text) {
        String finishReason = "stop";
        StringBuilder refusal = new StringBuilder();
        Optional<CompletionUsage> usage = Optional.empty();
        try (StreamResponse<ChatCompletionChunk> stream = sdk().chat().completions().createStreaming(params)) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            while (chunks.hasNext()) {
                ChatCompletionChunk chunk = chunks.next();
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().filter(piece -> !piece.isEmpty()).ifPresent(piece -> {
                        text.append(piece);
                        onDelta.accept(piece);
                    });
                    choice.delta().refusal().ifPresent(refusal::append);
                    if (choice.finishReason().isPresent()) {
                        finishReason = choice.finishReason().get().asString();
                    }
                }
                if (chunk.usage().isPresent()) {
                    usage = chunk.usage();
                }
            }
        } catch (OpenAIException error) {
            if (text.length() > 0) {
                // Text already shown cannot be taken back, so a stream that broke off is not tried again.
                throw new ServiceException(failures.service(), Kind.FAILED, "the answer broke off after "
                        + text.length() + " characters.", error);
            }
            throw error;
        }
        failures.rejectFilteredOrRefused(finishReason, refusal.toString());
        return ChatResponse.of(text.toString(), usage(usage, request, text.toString()), finishReason);
    }

    private ChatCompletionCreateParams params(ChatRequest request, boolean streaming) {
        ChatCompletionCreateParams.Builder builder = ChatCompletionCreateParams.builder().model(settings.model());
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        Optional<JsonSchema> schema = request.responseSchema();
        if (schema.isPresent() && capabilities.structured() != Capabilities.Structured.JSON_SCHEMA) {
            messages.add(ChatMessage.system(StructuredAnswers.instruction(schema.get())));
        }
        for (ChatMessage message : messages) {
            switch (message.role()) {
                case SYSTEM -> builder.addSystemMessage(message.content());
                case USER -> builder.addUserMessage(message.content());
                case ASSISTANT -> builder.addAssistantMessage(message.content());
            }
        }
        schema.ifPresent(value -> {
            switch (capabilities.structured()) {
                case JSON_SCHEMA -> builder.responseFormat(jsonSchemaFormat(value));
                case JSON_MODE -> builder.responseFormat(ResponseFormatJsonObject.builder().build());
                case PLAIN_TEXT -> { }
            }
        });
        if (capabilities.temperature()) {
            Optional<Double> temperature = request.temperature().isPresent()
                    ? Optional.of(request.temperature().getAsDouble())
                    : settings.temperature().isPresent() ? Optional.of(settings.temperature().getAsDouble())
                    : Optional.empty();
            temperature.ifPresent(builder::temperature);
        }
        long limit = request.maxTokens().orElse(settings.maxTokens());
        if (capabilities.tokenLimit() == Capabilities.TokenLimit.MAX_TOKENS) {
            builder.maxTokens(limit);
        } else {
            builder.maxCompletionTokens(limit);
        }
        settings.reasoningEffort().ifPresent(effort -> builder.reasoningEffort(ReasoningEffort.of(effort)));
        if (streaming) {
            builder.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return builder.build();
    }

    private static ResponseFormatJsonSchema jsonSchemaFormat(JsonSchema schema) {
        Map<String, Object> document = StructuredAnswers.parseSchema(schema);
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder body = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        document.forEach((key, value) -> body.putAdditionalProperty(key, JsonValue.from(value)));
        // Strict mode demands a closed schema; one that closes its root object asks for it.
        boolean strict = Boolean.FALSE.equals(document.get("additionalProperties"));
        return ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name(schema.name()).schema(body.build()).strict(strict).build())
                .build();
    }

    private TokenUsage usage(Optional<CompletionUsage> usage, ChatRequest request, String content) {
        if (usage.isPresent()) {
            long cached = usage.get().promptTokensDetails().flatMap(details -> details.cachedTokens()).orElse(0L);
            return TokenUsage.of(1, usage.get().promptTokens(), usage.get().completionTokens(), cached);
        }
        // A server that reports no usage (some local ones) is counted with this client's own tokenizer.
        long prompt = request.messages().stream().mapToLong(message -> countTokens(message.content()) + 3L).sum() + 3;
        return TokenUsage.of(1, prompt, countTokens(content));
    }

    private synchronized OpenAIClient sdk() {
        if (sdk == null) {
            sdk = OpenAIOkHttpClient.builder()
                    .baseUrl(settings.endpoint())
                    // The SDK needs a key; servers without authentication (Ollama, llama.cpp) ignore it.
                    .apiKey(settings.apiKey().orElse("no-key"))
                    .timeout(settings.timeout())
                    .maxRetries(Math.max(0, settings.maxAttempts() - 1))
                    .putHeader("User-Agent", "secai")
                    .build();
        }
        return sdk;
    }
}
