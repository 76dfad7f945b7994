package io.secai.engine.llm;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.models.ChatChoice;
import com.azure.ai.openai.models.ChatCompletionStreamOptions;
import com.azure.ai.openai.models.ChatCompletions;
import com.azure.ai.openai.models.ChatCompletionsOptions;
import com.azure.ai.openai.models.ChatResponseMessage;
import com.azure.ai.openai.models.CompletionsUsage;
import com.azure.ai.openai.models.ContentFilterResultsForChoice;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.ClientOptions;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.MissingSettingException;
import io.secai.api.ServiceException;
import io.secai.api.ServiceException.Kind;
import io.secai.api.TokenProvider;
import io.secai.engine.http.AzureTransport;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The model client on azure-ai-openai: the user's Azure OpenAI deployment, reached with the API key when one is
 * configured and else with the signed-in identity's Entra ID token.
 *
 * <p>The SDK's own retries are off; this client retries throttling (429), service errors (5xx) and network failures
 * itself. Throttling is waited out as long as the service asks ({@code retry-after-ms}, {@code Retry-After}, else an
 * exponential delay) within a total of {@code openai.retry.budget}; when the next wait would overrun it, the call
 * gives up at once naming the setting. Service errors and network failures are tried at most
 * {@code openai.retry.max-attempts} times, waiting at most {@code openai.retry.max-wait} at a time. The
 * {@link CallObserver} hears of each wait, with what is left of the budget. A refusal (content filter, 400, 401, 404)
 * is not retried. {@link CallRetries} decides all that; this client makes the calls and says what a failure is. Every
 * failure becomes a {@link ServiceException} whose message names what to check; the API key never appears in one.
 *
 * <p>Nothing is checked at construction: a missing endpoint or deployment raises {@link MissingSettingException} on
 * the first call, so SecAI starts and works without a model for plugins that need none. Thread-safe.
 */
public final class AzureOpenAiClient implements ObservableLlmClient {

    /** The Entra ID scope of Azure OpenAI. */
    public static final String SCOPE = "https://cognitiveservices.azure.com/.default";

    private static final Duration LONGEST_CONNECT = Duration.ofSeconds(15);

    private final OpenAiSettings settings;
    private final TokenProvider tokenProvider;
    private final CallRetries retries;
    private final AzureChatFormat format;
    private OpenAIClient sdk;

    /**
     * @param settings endpoint, deployment, key and limits
     * @param tokenProvider the signed-in identity, used when no API key is configured
     */
    public AzureOpenAiClient(OpenAiSettings settings, TokenProvider tokenProvider) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
        this.retries = new CallRetries(settings.maxAttempts(), settings.throttleBudget(),
                new Backoff(settings.maxWait()), this::failure);
        this.format = new AzureChatFormat(settings.temperature(), settings.maxTokens(), this::countTokens);
    }

    @Override
    public ChatResponse complete(ChatRequest request, CallObserver observer) {
        OpenAIClient client = sdk();
        String deployment = deployment();
        ChatCompletionsOptions options = format.options(request);
        ChatCompletions completions = retries.call(observer, () -> client.getChatCompletions(deployment, options));
        if (completions.getChoices() == null || completions.getChoices().isEmpty()) {
            throw new ServiceException(Failure.SERVICE, Kind.FAILED, "the answer held no choice.");
        }
        ChatChoice choice = completions.getChoices().get(0);
        String finishReason = AzureChatFormat.finishReason(choice.getFinishReason());
        String content = AzureChatFormat.contentOf(choice.getMessage(), choice, finishReason);
        return ChatResponse.of(content, format.usage(completions.getUsage(), request, content), finishReason);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
        OpenAIClient client = sdk();
        String deployment = deployment();
        ChatCompletionsOptions options = format.options(request);
        StringBuilder text = new StringBuilder();
        StreamState state = new StreamState();
        retries.call(observer, () -> {
            if (text.length() > 0) {
                // Text already shown cannot be taken back, so a stream that broke off is not tried again.
                throw new ServiceException(Failure.SERVICE, Kind.FAILED, "the answer broke off after "
                        + text.length() + " characters.");
            }
            for (ChatCompletions chunk : client.getChatCompletionsStream(deployment, options,
                    new ChatCompletionStreamOptions().setIncludeUsage(true))) {
                for (ChatChoice choice : chunk.getChoices()) {
                    ChatResponseMessage delta = choice.getDelta();
                    if (delta != null && delta.getContent() != null && !delta.getContent().isEmpty()) {
                        text.append(delta.getContent());
                        onDelta.accept(delta.getContent());
                    }
                    if (delta != null && delta.getRefusal() != null) {
                        state.refusal.append(delta.getRefusal());
                    }
                    if (choice.getFinishReason() != null) {
                        state.finishReason = AzureChatFormat.finishReason(choice.getFinishReason());
                        state.filters = choice.getContentFilterResults();
                    }
                }
                if (chunk.getUsage() != null) {
                    state.usage = chunk.getUsage();
                }
            }
            return text;
        });
        String finishReason = state.finishReason == null ? "stop" : state.finishReason;
        AzureChatFormat.rejectFilteredOrRefused(finishReason, state.filters, state.refusal.toString());
        return ChatResponse.of(text.toString(), format.usage(state.usage, request, text.toString()),
                finishReason);
    }

    @Override
    public int countTokens(String text) {
        return O200k.ENCODING.countTokensOrdinary(text);
    }

    @Override
    public String toString() {
        return "AzureOpenAiClient[" + settings + "]";
    }

    /** What one failed attempt means, named for the user with the settings to check; the API key never in it. */
    private Failure failure(RuntimeException error) {
        return Failure.of(error, endpoint(), deployment(), settings.timeout(), settings.apiKey().orElse(null));
    }

    /**
     * Builds the SDK client and its HTTP client now rather than on the first call. Sends nothing, asks for no token.
     *
     * @throws io.secai.api.SecAiException when the endpoint or deployment is missing or not valid, as the first call would
     */
    public void prepare() {
        sdk();
        String host = URI.create(endpoint()).getHost();
        if (endpoint().startsWith("https:") && host != null) {
            prepareTls(host);
        }
    }

    /**
     * Writes a TLS client hello into a buffer that goes nowhere, so that the TLS classes and key-share generators are
     * ready when the first call opens its connection (about a tenth of a second of a first call, bench/terminal-startup.sh).
     * Nothing is sent; the real connection makes its own handshake with fresh keys.
     */
    private static void prepareTls(String host) {
        try {
            javax.net.ssl.SSLEngine engine = javax.net.ssl.SSLContext.getDefault().createSSLEngine(host, 443);
            engine.setUseClientMode(true);
            java.nio.ByteBuffer hello = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), hello);
            engine.closeOutbound();
        } catch (java.security.GeneralSecurityException | javax.net.ssl.SSLException | RuntimeException e) {
            // Only a head start: the first call makes (and reports) its own handshake.
        }
    }

    private synchronized OpenAIClient sdk() {
        if (sdk == null) {
            String endpoint = endpoint();
            deployment();
            OpenAIClientBuilder builder = new OpenAIClientBuilder()
                    .endpoint(endpoint)
                    .httpClient(AzureTransport.build("openai", new JdkHttpClientBuilder()
                            .connectionTimeout(settings.timeout().compareTo(LONGEST_CONNECT) < 0
                                    ? settings.timeout() : LONGEST_CONNECT)
                            .responseTimeout(settings.timeout())
                            .readTimeout(settings.timeout())))
                    // SecAI retries itself, to cap the waits and to tell the user about them.
                    .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                    .clientOptions(new ClientOptions().setApplicationId("secai"));
            if (settings.apiKey().isPresent()) {
                builder.credential(new AzureKeyCredential(settings.apiKey().get()));
            } else {
                builder.credential(new TokenProviderCredential(tokenProvider));
            }
            sdk = builder.buildClient();
        }
        return sdk;
    }

    private String endpoint() {
        String endpoint = settings.endpoint().orElseThrow(() -> new MissingSettingException("openai.endpoint",
                "AZURE_OPENAI_ENDPOINT", "the Azure OpenAI resource to send prompts to, such as "
                + "https://NAME.openai.azure.com"));
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new URISyntaxException(endpoint, "not an http(s) address");
            }
        } catch (URISyntaxException e) {
            throw new ServiceException(Failure.SERVICE, Kind.UNAVAILABLE, "openai.endpoint \"" + endpoint
                    + "\" is not an address such as https://NAME.openai.azure.com.", e);
        }
        return endpoint;
    }

    private String deployment() {
        return settings.deployment().orElseThrow(() -> new MissingSettingException("openai.deployment",
                "AZURE_OPENAI_MODELNAME", "the name of the model deployment in the Azure OpenAI resource"));
    }

    /** The tokenizer, loaded once on first use: parsing its 3.6 MB vocabulary takes a moment. */
    private static final class O200k {
        private static final Encoding ENCODING =
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /** What a stream reported besides its text. */
    private static final class StreamState {
        private final StringBuilder refusal = new StringBuilder();
        private String finishReason;
        private ContentFilterResultsForChoice filters;
        private CompletionsUsage usage;
    }
}
