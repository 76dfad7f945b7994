package io.secai.testkit.plugin;

import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.LlmClient;
import io.secai.api.TokenUsage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * An {@link LlmClient} that answers from a script and keeps every request, for a plugin's unit tests: the test
 * decides what the model says and then asserts what the plugin sent and what it made of the answer.
 *
 * <p>Answers are used in the order they were added, one per call; once they run out, the client answers with the
 * {@linkplain #otherwise fallback}, and without one it fails the test with an {@link AssertionError}. An answer can
 * be computed from the request, to echo a value the plugin should have passed on:
 *
 * <pre>{@code
 * ScriptedLlmClient model = new ScriptedLlmClient()
 *         .answer("{\"kql\": \"SecurityIncident | take 10\"}")
 *         .answer(request -> ScriptedLlmClient.text(request).contains("4113") ? "found" : "missing")
 *         .answer("The first half of", "length");
 * }</pre>
 *
 * <p>{@link #stream} hands the answer over in pieces that end after whitespace, as a server's chunks would arrive.
 * Usage is reported as the engine estimates it when the service sends none: three tokens per message plus three,
 * plus the message tokens, counted with the chosen {@link TokenCounting}. Thread-safe.
 */
public final class ScriptedLlmClient implements LlmClient {

    private final ToIntFunction<String> tokenCounter;
    private final Deque<Function<ChatRequest, ChatResponse>> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();
    private Function<ChatRequest, ChatResponse> otherwise;

    /** A client counting tokens {@linkplain TokenCounting#ROUGH roughly}. */
    public ScriptedLlmClient() {
        this(TokenCounting.ROUGH);
    }

    /**
     * @param tokenCounter how to count tokens, usually a {@link TokenCounting}
     */
    public ScriptedLlmClient(ToIntFunction<String> tokenCounter) {
        this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
    }

    /**
     * @param content what the model says to every request
     * @return a client that gives the same answer however often it is asked
     */
    public static ScriptedLlmClient alwaysAnswering(String content) {
        return new ScriptedLlmClient().otherwise(request -> content);
    }

    /**
     * @param content the next answer, finishing normally ({@code stop})
     * @return this client
     */
    public ScriptedLlmClient answer(String content) {
        return answer(content, "stop");
    }

    /**
     * @param content the next answer
     * @param finishReason why the model stopped: {@code stop}, {@code length} (cut at the token limit),
     *     {@code content_filter}
     * @return this client
     */
    public ScriptedLlmClient answer(String content, String finishReason) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(finishReason, "finishReason");
        return respond(request -> response(request, content, finishReason));
    }

    /**
     * @param content computes the next answer from the request
     * @return this client
     */
    public ScriptedLlmClient answer(Function<ChatRequest, String> content) {
        Objects.requireNonNull(content, "content");
        return respond(request -> response(request, content.apply(request), "stop"));
    }

    /**
     * The next call is answered by {@code response}, which decides everything including the usage reported, or
     * throws, for example a {@code ServiceException} as the engine's client would.
     *
     * @param response computes the whole response
     * @return this client
     */
    public synchronized ScriptedLlmClient respond(Function<ChatRequest, ChatResponse> response) {
        script.addLast(Objects.requireNonNull(response, "response"));
        return this;
    }

    /**
     * The next call fails, for example with {@code new ServiceException("Azure OpenAI", Kind.THROTTLED, ...)}.
     *
     * @param failure what the call throws
     * @return this client
     */
    public ScriptedLlmClient fail(RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        return respond(request -> {
            throw failure;
        });
    }

    /**
     * @param content computes the answer to every call made after the scripted answers ran out
     * @return this client
     */
    public synchronized ScriptedLlmClient otherwise(Function<ChatRequest, String> content) {
        Objects.requireNonNull(content, "content");
        this.otherwise = request -> response(request, content.apply(request), "stop");
        return this;
    }

    /** @return every request received, in order */
    public synchronized List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * @return the latest request
     * @throws AssertionError when the model was never asked
     */
    public synchronized ChatRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the model was never asked");
        }
        return requests.get(requests.size() - 1);
    }

    /** @return how many scripted answers no call has used yet */
    public synchronized int unusedAnswers() {
        return script.size();
    }

    /**
     * All the text of a request, message after message, for answers that depend on what the plugin sent.
     *
     * @param request a request
     * @return the contents of its messages, each followed by a newline
     */
    public static String text(ChatRequest request) {
        return request.messages().stream().map(message -> message.content() + "\n").collect(Collectors.joining());
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        Function<ChatRequest, ChatResponse> next;
        synchronized (this) {
            requests.add(request);
            next = script.isEmpty() ? otherwise : script.removeFirst();
        }
        if (next == null) {
            throw new AssertionError("the model was asked more often than the test scripted (request "
                    + requests().size() + ", purpose " + request.purpose() + ")");
        }
        return next.apply(request);
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        ChatResponse response = complete(request);
        for (String piece : response.content().split("(?<=\\s)")) {
            if (!piece.isEmpty()) {
                onDelta.accept(piece);
            }
        }
        return response;
    }

    @Override
    public int countTokens(String text) {
        return tokenCounter.applyAsInt(text);
    }

    private ChatResponse response(ChatRequest request, String content, String finishReason) {
        long prompt = 3;
        for (ChatMessage message : request.messages()) {
            prompt += countTokens(message.content()) + 3;
        }
        return ChatResponse.of(content, TokenUsage.of(1, prompt, countTokens(content)), finishReason);
    }
}
