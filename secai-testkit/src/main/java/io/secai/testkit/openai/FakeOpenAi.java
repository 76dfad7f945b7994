package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;
import io.secai.testkit.tls.TestTls;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Azure OpenAI chat-completions endpoint for tests, served over HTTPS with the {@link TestTls#shared() test
 * certificate}, speaking the service's wire format so that the real {@code azure-ai-openai} client can talk to it.
 *
 * <pre>{@code
 * TestTls.shared().installAsJvmDefault();          // so the JDK HTTP client trusts the fake
 * try (FakeOpenAi openAi = FakeOpenAi.start()) {
 *     openAi.reply(Reply.throttled(Duration.ofSeconds(1)), Reply.text("Hello"));
 *     // point the client at openAi.endpoint() with any key and any deployment name
 *     assertThat(openAi.calls()).hasSize(2);
 *     assertThat(openAi.lastCall().lastUserText()).contains("hi");
 * }
 * }</pre>
 *
 * <p>It serves {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}: JSON answers with
 * {@code choices}, {@code usage}, {@code prompt_filter_results} and {@code content_filter_results}, or server-sent
 * events ({@code chat.completion.chunk}s, a usage chunk when {@code stream_options.include_usage} is set, then
 * {@code [DONE]}) when the request says {@code "stream": true}. A request must carry an {@code api-key} header or an
 * {@code Authorization: Bearer} token (any value, unless {@link #requireApiKey} or {@link #requireBearerToken} says
 * which).
 *
 * <p>{@link #startPlainHttp()} starts it on plain HTTP, as local model servers run, and every fake also speaks
 * OpenAI's own wire format: {@code POST /v1/chat/completions} (and Azure's {@code /openai/v1/...}) with the model in
 * the body, the same answers, server-sent events with a usage chunk, and errors as {@code {"error": {"message",
 * "type", "param", "code"}}}. {@link #quirks} makes it refuse what some servers refuse (structured output,
 * {@code temperature}, streaming).
 *
 * <p>Each call takes the next {@linkplain #reply(Reply...) queued reply}; when the queue is empty the
 * {@linkplain #respondWith responder} decides; without either the call fails with HTTP 400 saying that nothing was
 * scripted. Usage is counted with o200k_base: message contents plus 3 tokens per message plus 3 per call for the
 * prompt, the reply's content for the completion. The fake records every call and keeps totals of calls, tokens and
 * request bytes. It is thread-safe. {@link ChatCallReader} reads the requests, {@link CompletionWriter} writes the
 * answers in the wire format; this class holds the script, the checks and the counts.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final Pattern COMPLETIONS_PATH = Pattern.compile("/openai/deployments/([^/]+)/chat/completions/?");
    /** OpenAI's own path, also served by Ollama, vLLM and the others, and Azure's v1 path; the model is in the body. */
    private static final Pattern V1_COMPLETIONS_PATH = Pattern.compile("(?:/openai)?/v1/chat/completions/?");

    private final ObjectMapper json = new ObjectMapper();
    private final CompletionWriter writer = new CompletionWriter(json);
    private final Deque<Reply> queue = new ConcurrentLinkedDeque<>();
    private final List<ChatCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger callNumbers = new AtomicInteger();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final PromptCache promptCache = new PromptCache(() -> O200k.ENCODING);
    private final Map<Integer, Integer> cachedTokens = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Function<ChatCall, Reply> responder;
    private volatile String requiredApiKey;
    private volatile String requiredBearerToken;
    private volatile boolean keyOptional;
    private final Set<ServerQuirk> quirks = EnumSet.noneOf(ServerQuirk.class);
    private final LoopbackServer server;

    private FakeOpenAi(LoopbackServer server) {
        this.server = server.on("/", this::handle);
    }

    /**
     * Starts a fake on {@code 127.0.0.1} at a free port.
     *
     * @return the running fake; close it when done
     */
    public static FakeOpenAi start() {
        return new FakeOpenAi(LoopbackServer.https("fake-openai"));
    }

    /**
     * Starts a fake on plain HTTP at {@code 127.0.0.1}, as a local model server (Ollama, vLLM, llama.cpp) runs; it
     * also serves {@code POST /v1/chat/completions}, where the model is named in the body ({@link #baseUrl()}).
     *
     * @return the running fake; close it when done
     * @since 1.1
     */
    public static FakeOpenAi startPlainHttp() {
        return new FakeOpenAi(LoopbackServer.http("fake-openai-http"));
    }

    /** @return the endpoint to give the client, for example {@code https://127.0.0.1:50123} */
    public String endpoint() {
        return server.url("").replaceAll("/$", "");
    }

    /**
     * @return the OpenAI-style base address, for example {@code http://127.0.0.1:50123/v1}
     * @since 1.1
     */
    public String baseUrl() {
        return endpoint() + "/v1";
    }

    /**
     * Refuses requests the way a server with these limits does (see {@link ServerQuirk}); replaces earlier quirks.
     *
     * @param value the quirks, none to accept everything
     * @return this fake
     * @since 1.1
     */
    public FakeOpenAi quirks(ServerQuirk... value) {
        synchronized (quirks) {
            quirks.clear();
            quirks.addAll(List.of(value));
        }
        return this;
    }

    /**
     * Accepts calls without any key, as local model servers do.
     *
     * @return this fake
     * @since 1.1
     */
    public FakeOpenAi acceptCallsWithoutKey() {
        this.keyOptional = true;
        return this;
    }

    /** @return the port the fake listens on */
    public int port() {
        return server.port();
    }

    /**
     * Queues replies for the next calls, in order.
     *
     * @param replies the replies
     * @return this fake
     */
    public FakeOpenAi reply(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /**
     * Decides the reply of every call that finds the queue empty.
     *
     * @param value maps the call to its reply
     * @return this fake
     */
    public FakeOpenAi respondWith(Function<ChatCall, Reply> value) {
        this.responder = value;
        return this;
    }

    /**
     * Answers HTTP 401 to calls whose {@code api-key} header differs.
     *
     * @param key the expected key
     * @return this fake
     */
    public FakeOpenAi requireApiKey(String key) {
        this.requiredApiKey = key;
        return this;
    }

    /**
     * Answers HTTP 401 to calls whose bearer token differs.
     *
     * @param token the expected token
     * @return this fake
     */
    public FakeOpenAi requireBearerToken(String token) {
        this.requiredBearerToken = token;
        return this;
    }

    /** @return every call received, in order */
    public List<ChatCall> calls() {
        return List.copyOf(calls);
    }

    /**
     * @return the latest call
     * @throws IllegalStateException when no call was received
     */
    public ChatCall lastCall() {
        List<ChatCall> snapshot = calls();
        if (snapshot.isEmpty()) {
            throw new IllegalStateException("the fake Azure OpenAI received no call");
        }
        return snapshot.get(snapshot.size() - 1);
    }

    /** @return how many calls were received */
    public int callCount() {
        return calls.size();
    }

    /** @return prompt tokens of all completions answered */
    public long promptTokens() {
        return promptTokens.get();
    }

    /** @return completion tokens of all completions answered */
    public long completionTokens() {
        return completionTokens.get();
    }

    /** @return bytes of all request bodies received */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** @return replies queued and not yet used */
    public int pendingReplies() {
        return queue.size();
    }

    /**
     * Counts tokens as the fake does (o200k_base).
     *
     * @param text any text
     * @return the token count
     */
    public int countTokens(String text) {
        return O200k.ENCODING.countTokensOrdinary(text);
    }

    /**
     * The prompt tokens the fake reports for a call: contents plus 3 per message plus 3 per call.
     *
     * @param call a call
     * @return the token count
     */
    public int promptTokens(ChatCall call) {
        int total = 3;
        for (ChatCall.Message message : call.messages()) {
            total += countTokens(message.content()) + 3;
        }
        return total;
    }

    /**
     * The cached prompt tokens the fake reported for a call ({@code usage.prompt_tokens_details.cached_tokens}), as
     * {@link PromptCache} plays the service's prompt caching.
     *
     * @param call a call the fake answered
     * @return the cached tokens, 0 when none or when the call got no usage
     * @since 1.1
     */
    public int cachedTokens(ChatCall call) {
        return cachedTokens.getOrDefault(call.number(), 0);
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        bytesReceived.addAndGet(body.length);
        String rawPath = exchange.getRequestURI().getRawPath();
        Matcher path = COMPLETIONS_PATH.matcher(rawPath);
        boolean v1 = V1_COMPLETIONS_PATH.matcher(rawPath).matches();
        if (!path.matches() && !v1) {
            CompletionWriter.sendJson(exchange, 404, Reply.error("404", "Resource not found"), Map.of());
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            CompletionWriter.sendJson(exchange, 405, Reply.error("405", "Method not allowed"), Map.of());
            return;
        }
        ChatCall call;
        try {
            String deployment = v1 ? ChatCallReader.modelOf(json, body)
                    : URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
            call = ChatCallReader.read(json, exchange, callNumbers::incrementAndGet, deployment, body);
        } catch (IOException | IllegalArgumentException e) {
            CompletionWriter.sendJson(exchange, 400, Reply.error("BadRequest", "Invalid request body: "
                    + e.getMessage()), Map.of());
            return;
        }
        calls.add(call);
        Optional<String> authProblem = authProblem(call);
        if (authProblem.isPresent()) {
            CompletionWriter.sendJson(exchange, 401, Reply.error("401", authProblem.get()), Map.of());
            return;
        }
        Optional<String> refusal;
        synchronized (quirks) {
            refusal = ServerQuirk.refusal(quirks, json.readTree(body));
        }
        if (refusal.isPresent()) {
            CompletionWriter.sendJson(exchange, 400, refusal.get(), Map.of());
            return;
        }
        Reply reply = nextReply(call);
        pause(reply.delay());
        if (!reply.isCompletion()) {
            CompletionWriter.sendJson(exchange, reply.status(), reply.errorBody().orElseThrow(), reply.headers());
        } else {
            String content = reply.content().orElseThrow();
            ObjectNode usage = usage(call, content);
            if (call.stream()) {
                writer.sendStream(exchange, call, reply, usage);
            } else {
                writer.sendCompletion(exchange, call, reply, usage);
            }
        }
    }

    private Reply nextReply(ChatCall call) {
        Reply queued = queue.poll();
        if (queued != null) {
            return queued;
        }
        Function<ChatCall, Reply> current = responder;
        if (current == null) {
            return Reply.status(400, Reply.error("fake_not_scripted", "FakeOpenAi has no reply scripted for call #"
                    + call.number() + " (deployment " + call.deployment() + "): queue one with reply(...) or set a "
                    + "responder with respondWith(...)."));
        }
        try {
            return current.apply(call);
        } catch (RuntimeException e) {
            // A 400 rather than a 500, so that a client under test does not retry a broken test script.
            return Reply.status(400, Reply.error("fake_responder_failed", "FakeOpenAi's responder failed on call #"
                    + call.number() + ": " + e));
        }
    }

    private Optional<String> authProblem(ChatCall call) {
        Optional<String> key = call.apiKey();
        Optional<String> token = call.bearerToken();
        if (key.isEmpty() && token.isEmpty() && !keyOptional) {
            return Optional.of("Access denied due to missing subscription key. Make sure to include subscription key "
                    + "when making requests to an API.");
        }
        if (requiredApiKey != null && !key.map(requiredApiKey::equals).orElse(false)) {
            return Optional.of("Access denied due to invalid subscription key or wrong API endpoint. Make sure to "
                    + "provide a valid key for an active subscription and use a correct regional API endpoint for "
                    + "your resource.");
        }
        if (requiredBearerToken != null && !token.map(requiredBearerToken::equals).orElse(false)) {
            return Optional.of("Unauthorized. Access token is missing, invalid, audience is incorrect "
                    + "(https://cognitiveservices.azure.com), or have expired.");
        }
        return Optional.empty();
    }

    private ObjectNode usage(ChatCall call, String content) {
        int prompt = promptTokens(call);
        int completion = countTokens(content);
        promptTokens.addAndGet(prompt);
        completionTokens.addAndGet(completion);
        int cached = Math.min(prompt, promptCache.cachedTokens(call));
        cachedTokens.put(call.number(), cached);
        ObjectNode usage = json.createObjectNode();
        usage.put("completion_tokens", completion);
        usage.put("prompt_tokens", prompt);
        usage.put("total_tokens", prompt + completion);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        return usage;
    }

    private static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tokenizer, loaded once on first use: parsing its 3.6 MB vocabulary takes a moment. */
    private static final class O200k {
        private static final Encoding ENCODING =
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }
}
