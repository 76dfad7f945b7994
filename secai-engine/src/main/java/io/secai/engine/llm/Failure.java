package io.secai.engine.llm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.api.ServiceException.Kind;
import io.secai.api.TaskCancelledException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * One failed attempt, classified: whether another attempt may help, what to tell the user while waiting, and the
 * error to raise when SecAI gives up.
 *
 * @param retryable whether another attempt may succeed (throttling, 5xx, network trouble)
 * @param waitReason why SecAI waits, for the {@link CallObserver}
 * @param serviceHint the wait the service asked for
 * @param giveUp the error for the user, given the number of attempts made
 */
record Failure(boolean retryable, String waitReason, Optional<Duration> serviceHint,
        IntFunction<RuntimeException> giveUp) {

    static final String SERVICE = "Azure OpenAI";
    private static final String THROTTLED = "throttled (HTTP 429)";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param error what the SDK threw
     * @param endpoint the configured endpoint, to name it
     * @param deployment the configured deployment, to name it
     * @param timeout the configured timeout, to name it
     * @param secret text that must never reach a message (the API key), or null
     * @return the classification
     */
    static Failure of(RuntimeException error, String endpoint, String deployment, Duration timeout, String secret) {
        if (causeOfType(error, InterruptedException.class).isPresent() || Thread.currentThread().isInterrupted()) {
            return fatal(attempts -> new TaskCancelledException());
        }
        // Errors SecAI raised itself (the token provider's "not signed in") already speak to the user.
        Optional<SecAiException> own = causeOfType(error, SecAiException.class);
        if (own.isPresent()) {
            SecAiException raised = own.get();
            return fatal(attempts -> raised);
        }
        Optional<HttpResponseException> http = causeOfType(error, HttpResponseException.class);
        if (http.isPresent() && http.get().getResponse() != null) {
            return ofResponse(http.get(), endpoint, deployment, secret);
        }
        if (causeOfType(error, HttpTimeoutException.class).isPresent()
                || causeOfType(error, TimeoutException.class).isPresent()) {
            return new Failure(true, "no answer within " + seconds(timeout), Optional.empty(),
                    attempts -> new ServiceException(SERVICE, Kind.TIMEOUT, "no answer from " + endpoint + " within "
                            + seconds(timeout) + " (openai.timeout)" + afterAttempts(attempts) + ".", error));
        }
        if (causeOfType(error, SSLException.class).isPresent()) {
            String reason = redact(rootMessage(error), secret);
            return fatal(attempts -> new ServiceException(SERVICE, Kind.UNAVAILABLE, "no trusted TLS connection to "
                    + endpoint + " (" + reason + "). Check openai.endpoint.", error));
        }
        if (causeOfType(error, IOException.class).isPresent()) {
            String reason = redact(rootMessage(error), secret);
            return new Failure(true, "cannot reach " + endpoint + " (" + reason + ")", Optional.empty(),
                    attempts -> new ServiceException(SERVICE, Kind.UNAVAILABLE, "cannot reach " + endpoint + " ("
                            + reason + ")" + afterAttempts(attempts) + ". Check openai.endpoint and the network.",
                            error));
        }
        String reason = redact(rootMessage(error), secret);
        return fatal(attempts -> new ServiceException(SERVICE, Kind.FAILED, "the call failed: " + reason, error));
    }

    private static Failure ofResponse(HttpResponseException error, String endpoint, String deployment,
            String secret) {
        HttpResponse response = error.getResponse();
        int status = response.getStatusCode();
        Optional<JsonNode> body = errorBody(error);
        String code = body.map(node -> node.path("error").path("code").asText("")).orElse("");
        String serviceMessage = redact(body.map(node -> node.path("error").path("message").asText(""))
                .filter(text -> !text.isBlank()).orElse("HTTP " + status), secret);
        if (status == 429) {
            Optional<Duration> hint = Backoff.serviceHint(response.getHeaders());
            return new Failure(true, THROTTLED, hint, attempts -> new ServiceException(SERVICE,
                    Kind.THROTTLED, "still throttled (HTTP 429) after " + attempts + " attempt" + plural(attempts)
                    + hint.map(wait -> "; the service asked to wait " + seconds(wait) + " more").orElse("")
                    + ". Try again later, or raise the deployment's tokens-per-minute quota.", error));
        }
        if (status >= 500 || status == 408) {
            return new Failure(true, "service error (HTTP " + status + ")", Backoff.serviceHint(response.getHeaders()),
                    attempts -> new ServiceException(SERVICE, Kind.FAILED, "the service failed (HTTP " + status + ")"
                            + afterAttempts(attempts) + ": " + serviceMessage, error));
        }
        if (code.equals("content_filter")) {
            String categories = filteredCategories(body.orElseThrow());
            return fatal(attempts -> new ServiceException(SERVICE, Kind.REJECTED, "Azure OpenAI's content filter "
                    + "refused the prompt (category: " + categories + "). Rephrase the request.", error));
        }
        if (status == 401 || status == 403) {
            return fatal(attempts -> new ServiceException(SERVICE, Kind.REJECTED, "access denied (HTTP " + status
                    + "): " + serviceMessage + " Check openai.api-key, or the signed-in identity's role on the "
                    + "resource.", error));
        }
        if (status == 404) {
            return fatal(attempts -> new ServiceException(SERVICE, Kind.REJECTED, "no deployment \"" + deployment
                    + "\" at " + endpoint + " (HTTP 404): " + serviceMessage + " Check openai.deployment and "
                    + "openai.endpoint.", error));
        }
        return fatal(attempts -> new ServiceException(SERVICE, Kind.REJECTED, "the request was refused (HTTP "
                + status + (code.isEmpty() ? "" : ", " + code) + "): " + serviceMessage, error));
    }

    private static Failure fatal(IntFunction<RuntimeException> giveUp) {
        return new Failure(false, "", Optional.empty(), giveUp);
    }

    private static String filteredCategories(JsonNode body) {
        JsonNode results = body.path("error").path("innererror").path("content_filter_result");
        List<String> filtered = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = results.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().path("filtered").asBoolean(false)) {
                String severity = field.getValue().path("severity").asText("");
                filtered.add(field.getKey().replace('_', ' ')
                        + (severity.isEmpty() || severity.equals("safe") ? "" : ", severity " + severity));
            }
        }
        return filtered.isEmpty() ? "not stated" : String.join("; ", filtered);
    }

    private static Optional<JsonNode> errorBody(HttpResponseException error) {
        Object value = error.getValue();
        try {
            if (value instanceof BinaryData data) {
                return Optional.of(JSON.readTree(data.toString()));
            }
            if (value instanceof CharSequence text) {
                return Optional.of(JSON.readTree(text.toString()));
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                return Optional.of(JSON.valueToTree(value));
            }
            String message = String.valueOf(error.getMessage());
            int start = message.indexOf('{');
            int end = message.lastIndexOf('}');
            if (start >= 0 && end > start) {
                return Optional.of(JSON.readTree(message.substring(start, end + 1)));
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whole seconds, rounded up, so that a short wait never reads as "0s". */
    /** @return whether the service throttled the call (429), which is waited out within a time budget */
    boolean throttled() {
        return waitReason.startsWith(THROTTLED);
    }

    /**
     * @param waited how long this call has waited on throttling so far
     * @param asked the next wait the service asks for
     * @param budget {@code openai.retry.budget}
     * @return the error for a throttled call whose next wait would overrun the budget
     */
    RuntimeException overBudget(Duration waited, Duration asked, Duration budget) {
        return new ServiceException(SERVICE, Kind.THROTTLED, "throttled (HTTP 429) for longer than SecAI waits ("
                + seconds(waited) + " waited; the service asks for " + seconds(asked) + " more; openai.retry.budget is "
                + seconds(budget) + "). Try again later, raise openai.retry.budget, or raise the deployment's "
                + "tokens-per-minute quota.");
    }

    /** Whole seconds, rounded up, or milliseconds below a second, so that short waits do not read as 1s. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : ((millis + 999) / 1000) + "s";
    }

    private static String afterAttempts(int attempts) {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    static String redact(String text, String secret) {
        return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable error, Class<T> type) {
        for (Throwable each = error; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (type.isInstance(each)) {
                return Optional.of(type.cast(each));
            }
        }
        return Optional.empty();
    }
}
