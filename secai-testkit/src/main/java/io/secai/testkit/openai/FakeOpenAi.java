package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.sun.net.httpserver.HttpExchange;
import io.secai.testkit.http.LoopbackServer;
import io.secai.testkit.tls.TestTls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
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
 * request bytes. It is thread-safe.
 */
public final class FakeOpenAi implements AutoCloseable {

    private static final Pattern COMPLETIONS_PATH = Pattern.compile("/openai/deployments/([^/]+)/chat/completions/?");
    /** OpenAI's own path, also served by Ollama, vLLM and the others, and Azure's v1 path; the model is in the body. */
    private static final Pattern V1_COMPLETIONS_PATH = Pattern.compile("(?:/openai)?/v1/chat/completions/?");
    private static final String MODEL = "gpt-4o-2024-08-06";
    private static final Pattern STREAM_PIECE = Pattern.compile("\\S+\\s*|\\s+");

    private final ObjectMapper json = new ObjectMapper();
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
            sendJson(exchange, 404, Reply.error("404", "Resource not found"), Map.of());
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            sendJson(exchange, 405, Reply.error("405", "Method not allowed"), Map.of());
            return;
        }
        ChatCall call;
        try {
            call = parse(exchange, v1 ? modelOf(body) : URLDecoder.decode(path.group(1), StandardCharsets.UTF_8),
                    body);
        } catch (IOException | IllegalArgumentException e) {
            sendJson(exchange, 400, Reply.error("BadRequest", "Invalid request body: " + e.getMessage()), Map.of());
            return;
        }
        calls.add(call);
        Optional<String> authProblem = authProblem(call);
        if (authProblem.isPresent()) {
            sendJson(exchange, 401, Reply.error("401", authProblem.get()), Map.of());
            return;
        }
        Optional<String> refusal;
        synchronized (quirks) {
            refusal = ServerQuirk.refusal(quirks, json.readTree(body));
        }
        if (refusal.isPresent()) {
            sendJson(exchange, 400, refusal.get(), Map.of());
            return;
        }
        Reply reply = nextReply(call);
        pause(reply.delay());
        if (!reply.isCompletion()) {
            sendJson(exchange, reply.status(), reply.errorBody().orElseThrow(), reply.headers());
        } else if (call.stream()) {
            sendStream(exchange, call, reply);
        } else {
            sendCompletion(exchange, call, reply);
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

    private ChatCall parse(HttpExchange exchange, String deployment, byte[] body) throws IOException {
        JsonNode request = json.readTree(body);
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        List<ChatCall.Message> messages = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            messages.add(new ChatCall.Message(message.path("role").asText(), contentText(message.path("content"))));
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("'messages' is a required property");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        JsonNode format = request.path("response_format");
        JsonNode schema = format.path("json_schema");
        return new ChatCall(
                callNumbers.incrementAndGet(),
                deployment,
                queryParameter(exchange.getRequestURI().getRawQuery(), "api-version"),
                headers,
                messages,
                request.path("stream").asBoolean(false),
                request.path("stream_options").path("include_usage").asBoolean(false),
                textAt(format, "type"),
                textAt(schema, "name"),
                schema.has("schema") ? Optional.of(schema.get("schema").toString()) : Optional.empty(),
                request.path("temperature").isNumber()
                        ? OptionalDouble.of(request.get("temperature").asDouble()) : OptionalDouble.empty(),
                request.path("max_tokens").isNumber()
                        ? OptionalInt.of(request.get("max_tokens").asInt()) : OptionalInt.empty(),
                new String(body, StandardCharsets.UTF_8));
    }

    private String modelOf(byte[] body) throws IOException {
        JsonNode model = json.readTree(body).path("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new IllegalArgumentException("'model' is a required property");
        }
        return model.asText();
    }

    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.path("type").asText().equals("text")) {
                parts.add(part.path("text").asText());
            }
        }
        return String.join("\n", parts);
    }

    private static Optional<String> textAt(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return "";
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private void sendCompletion(HttpExchange exchange, ChatCall call, Reply reply) throws IOException {
        String content = reply.content().orElseThrow();
        ObjectNode usage = usage(call, content);
        ObjectNode root = json.createObjectNode();
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.set("content_filter_results", contentFilterResults(false));
        choice.put("finish_reason", reply.finishReason().orElseThrow());
        choice.put("index", 0);
        choice.putNull("logprobs");
        ObjectNode message = choice.putObject("message");
        message.put("content", content);
        message.putNull("refusal");
        message.put("role", "assistant");
        root.put("created", Instant.now().getEpochSecond());
        root.put("id", completionId(call));
        root.put("model", MODEL);
        root.put("object", "chat.completion");
        root.set("prompt_filter_results", promptFilterResults());
        root.put("system_fingerprint", "fp_fake");
        root.set("usage", usage);
        sendJson(exchange, 200, root.toString(), reply.headers());
    }

    private void sendStream(HttpExchange exchange, ChatCall call, Reply reply) throws IOException {
        String content = reply.content().orElseThrow();
        ObjectNode usage = usage(call, content);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        standardHeaders(exchange);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();

        ObjectNode filters = json.createObjectNode();
        filters.put("created", 0);
        filters.put("id", "");
        filters.put("model", "");
        filters.put("object", "");
        filters.putArray("choices");
        filters.set("prompt_filter_results", promptFilterResults());
        event(out, filters.toString());

        long created = Instant.now().getEpochSecond();
        ObjectNode delta = json.createObjectNode();
        delta.put("content", "");
        delta.put("role", "assistant");
        event(out, chunk(call, created, delta, null, false).toString());
        Matcher pieces = STREAM_PIECE.matcher(content);
        while (pieces.find()) {
            ObjectNode piece = json.createObjectNode();
            piece.put("content", pieces.group());
            event(out, chunk(call, created, piece, null, true).toString());
        }
        event(out, chunk(call, created, json.createObjectNode(), reply.finishReason().orElseThrow(), true)
                .toString());
        if (call.includeUsage()) {
            ObjectNode last = json.createObjectNode();
            last.putArray("choices");
            last.put("created", created);
            last.put("id", completionId(call));
            last.put("model", MODEL);
            last.put("object", "chat.completion.chunk");
            last.put("system_fingerprint", "fp_fake");
            last.set("usage", usage);
            event(out, last.toString());
        }
        event(out, "[DONE]");
    }

    private ObjectNode chunk(ChatCall call, long created, ObjectNode delta, String finishReason, boolean filtered) {
        ObjectNode root = json.createObjectNode();
        ObjectNode choice = root.putArray("choices").addObject();
        choice.set("content_filter_results", filtered ? contentFilterResults(false) : json.createObjectNode());
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        choice.put("index", 0);
        choice.putNull("logprobs");
        root.put("created", created);
        root.put("id", completionId(call));
        root.put("model", MODEL);
        root.put("object", "chat.completion.chunk");
        root.put("system_fingerprint", "fp_fake");
        return root;
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
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

    private ArrayNode promptFilterResults() {
        ArrayNode results = json.createArrayNode();
        ObjectNode result = results.addObject();
        result.put("prompt_index", 0);
        result.set("content_filter_results", contentFilterResults(true));
        return results;
    }

    private ObjectNode contentFilterResults(boolean withJailbreak) {
        ObjectNode results = json.createObjectNode();
        for (String category : new String[] {"hate", "self_harm", "sexual", "violence"}) {
            ObjectNode each = results.putObject(category);
            each.put("filtered", false);
            each.put("severity", "safe");
        }
        if (withJailbreak) {
            ObjectNode jailbreak = results.putObject("jailbreak");
            jailbreak.put("filtered", false);
            jailbreak.put("detected", false);
        }
        return results;
    }

    private static String completionId(ChatCall call) {
        return "chatcmpl-fake" + call.number();
    }

    private static void sendJson(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        standardHeaders(exchange);
        LoopbackServer.send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void standardHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("apim-request-id", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("x-ms-region", "Local Fake");
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
