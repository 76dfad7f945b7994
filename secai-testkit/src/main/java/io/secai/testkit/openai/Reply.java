package io.secai.testkit.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link FakeOpenAi} answers to one call: a completion, or an error as Azure OpenAI sends it.
 *
 * <p>Replies are immutable; the {@code with...} methods return changed copies:
 * <pre>{@code
 * fake.reply(Reply.throttled(Duration.ofSeconds(2)), Reply.text("hello").withDelay(Duration.ofMillis(50)));
 * }</pre>
 */
public final class Reply {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SEVERITY_CATEGORIES = Set.of("hate", "self_harm", "sexual", "violence");

    private final int status;
    private final String content;
    private final String finishReason;
    private final String errorBody;
    private final Map<String, String> headers;
    private final Duration delay;

    private Reply(int status, String content, String finishReason, String errorBody, Map<String, String> headers,
            Duration delay) {
        this.status = status;
        this.content = content;
        this.finishReason = finishReason;
        this.errorBody = errorBody;
        this.headers = Map.copyOf(headers);
        this.delay = delay;
    }

    /**
     * A completion whose message is {@code content}; its usage is counted with o200k_base.
     *
     * @param content what the model writes (JSON text for a structured-output request)
     * @return the reply
     */
    public static Reply text(String content) {
        return new Reply(200, Objects.requireNonNull(content, "content"), "stop", null, Map.of(), Duration.ZERO);
    }

    /**
     * HTTP 429 as Azure OpenAI sends it when a rate limit is hit, with {@code Retry-After} (whole seconds, rounded
     * up) and {@code retry-after-ms} headers.
     *
     * @param retryAfter how long the service asks the client to wait
     * @return the reply
     */
    public static Reply throttled(Duration retryAfter) {
        long millis = retryAfter.toMillis();
        long seconds = (millis + 999) / 1000;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", Long.toString(seconds));
        headers.put("retry-after-ms", Long.toString(millis));
        headers.put("x-ratelimit-remaining-requests", "0");
        return new Reply(429, null, null, error("429", "Requests to the ChatCompletions_Create Operation under Azure "
                + "OpenAI API have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after "
                + seconds + " seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further "
                + "increase the default rate limit."), headers, Duration.ZERO);
    }

    /**
     * HTTP 400 with {@code error.code = "content_filter"}, as Azure OpenAI answers when its content filter refuses
     * the prompt.
     *
     * @param category the filtered category: {@code hate}, {@code self_harm}, {@code sexual}, {@code violence} or
     *     {@code jailbreak}
     * @return the reply
     */
    public static Reply contentFilter(String category) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content management "
                + "policy. Please modify your prompt and retry. To learn more about our content filtering policies "
                + "please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766");
        error.putNull("type");
        error.put("param", "prompt");
        error.put("code", "content_filter");
        error.put("status", 400);
        ObjectNode inner = error.putObject("innererror");
        inner.put("code", "ResponsibleAIPolicyViolation");
        ObjectNode results = inner.putObject("content_filter_result");
        for (String each : new String[] {"hate", "jailbreak", "self_harm", "sexual", "violence"}) {
            ObjectNode result = results.putObject(each);
            boolean filtered = each.equals(category);
            result.put("filtered", filtered);
            if (SEVERITY_CATEGORIES.contains(each)) {
                result.put("severity", filtered ? "high" : "safe");
            } else {
                result.put("detected", filtered);
            }
        }
        return new Reply(400, null, null, root.toString(), Map.of(), Duration.ZERO);
    }

    /**
     * HTTP 500 with Azure's error body.
     *
     * @return the reply
     */
    public static Reply serverError() {
        return new Reply(500, null, null, error("InternalServerError",
                "The server had an error while processing your request. Sorry about that!"), Map.of(), Duration.ZERO);
    }

    /**
     * HTTP 404 as Azure OpenAI answers for a deployment that does not exist.
     *
     * @return the reply
     */
    public static Reply deploymentNotFound() {
        return new Reply(404, null, null, error("DeploymentNotFound", "The API deployment for this resource does not "
                + "exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."),
                Map.of(), Duration.ZERO);
    }

    /**
     * HTTP 401 as Azure OpenAI answers for a wrong key.
     *
     * @return the reply
     */
    public static Reply unauthorized() {
        return new Reply(401, null, null, error("401", "Access denied due to invalid subscription key or wrong API "
                + "endpoint. Make sure to provide a valid key for an active subscription and use a correct regional "
                + "API endpoint for your resource."), Map.of(), Duration.ZERO);
    }

    /**
     * Any status with an Azure-style error body naming the status.
     *
     * @param status the HTTP status
     * @return the reply
     */
    public static Reply status(int status) {
        return status(status, error(Integer.toString(status), "Fake Azure OpenAI answered HTTP " + status + "."));
    }

    /**
     * Any status with any body, sent as {@code application/json}.
     *
     * @param status the HTTP status
     * @param body the response body
     * @return the reply
     */
    public static Reply status(int status, String body) {
        if (status == 200) {
            throw new IllegalArgumentException("use Reply.text for a completion");
        }
        return new Reply(status, null, null, Objects.requireNonNull(body, "body"), Map.of(), Duration.ZERO);
    }

    /**
     * @param value how long the fake waits before answering
     * @return a copy that waits
     */
    public Reply withDelay(Duration value) {
        return new Reply(status, content, finishReason, errorBody, headers, Objects.requireNonNull(value, "delay"));
    }

    /**
     * @param value the completion's {@code finish_reason} ({@code stop} by default; {@code length} for a cut answer)
     * @return a copy with that finish reason
     */
    public Reply withFinishReason(String value) {
        if (!isCompletion()) {
            throw new IllegalStateException("only a completion has a finish reason");
        }
        return new Reply(status, content, Objects.requireNonNull(value, "finishReason"), errorBody, headers, delay);
    }

    /**
     * @param name a response header
     * @param value its value
     * @return a copy that also sends that header
     */
    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, content, finishReason, errorBody, more, delay);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return whether this is a completion (HTTP 200) rather than an error */
    public boolean isCompletion() {
        return content != null;
    }

    /** @return the completion's text, empty for an error */
    public Optional<String> content() {
        return Optional.ofNullable(content);
    }

    /** @return the completion's finish reason, empty for an error */
    public Optional<String> finishReason() {
        return Optional.ofNullable(finishReason);
    }

    /** @return the error body, empty for a completion */
    public Optional<String> errorBody() {
        return Optional.ofNullable(errorBody);
    }

    /** @return the extra response headers */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return how long the fake waits before answering */
    public Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return isCompletion() ? "Reply[200, " + content.length() + " chars]" : "Reply[" + status + "]";
    }

    static String error(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return root.toString();
    }
}
