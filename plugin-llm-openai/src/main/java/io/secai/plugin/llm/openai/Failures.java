package io.secai.plugin.llm.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import io.secai.api.ServiceException;
import io.secai.api.ServiceException.Kind;

import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Optional;

/**
 * Turns what the SDK throws into a {@link ServiceException} whose message names what to check; the API key never
 * appears in one. Content filters (OpenAI's and Azure's, which answer {@code content_filter}) and refusals are
 * refusals, not failures, and are not retried.
 */
final class Failures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProfileSettings settings;
    private final String service;

    Failures(ProfileSettings settings) {
        this.settings = settings;
        String host = URI.create(settings.endpoint()).getHost();
        this.service = host.equals("api.openai.com") ? "OpenAI" : "Model server " + host;
    }

    String service() {
        return service;
    }

    ServiceException of(OpenAIException error) {
        if (error instanceof OpenAIIoException) {
            boolean timedOut = causeOf(error, InterruptedIOException.class).isPresent();
            return new ServiceException(service, timedOut ? Kind.TIMEOUT : Kind.UNAVAILABLE, (timedOut
                    ? "no answer within " + settings.timeout().toSeconds() + "s"
                    : "cannot reach " + settings.endpoint()) + " after " + settings.maxAttempts() + " attempt"
                    + (settings.maxAttempts() == 1 ? "" : "s") + ": " + redact(rootMessage(error))
                    + ". Check llm.endpoint and that the server is running.", error);
        }
        if (!(error instanceof OpenAIServiceException failed)) {
            return new ServiceException(service, Kind.FAILED, "the answer could not be read: "
                    + redact(rootMessage(error)), error);
        }
        int status = failed.statusCode();
        String message = redact(describe(failed));
        if (failed instanceof RateLimitException) {
            return new ServiceException(service, Kind.THROTTLED, "still throttled (HTTP 429) after "
                    + settings.maxAttempts() + " attempts: " + message + " Try again later.", error);
        }
        if (status >= 500 || status == 408) {
            return new ServiceException(service, Kind.FAILED, "the service failed (HTTP " + status + ") after "
                    + settings.maxAttempts() + " attempts: " + message, error);
        }
        if (failed.code().filter("content_filter"::equals).isPresent()) {
            return new ServiceException(service, Kind.REJECTED, "the content filter refused the prompt: " + message
                    + " Rephrase the request.", error);
        }
        if (failed instanceof UnauthorizedException || failed instanceof PermissionDeniedException) {
            return new ServiceException(service, Kind.REJECTED, "access denied (HTTP " + status + "): " + message
                    + " Check llm.api-key (OPENAI_API_KEY).", error);
        }
        if (failed instanceof NotFoundException) {
            return new ServiceException(service, Kind.REJECTED, "no model \"" + settings.model() + "\" at "
                    + settings.endpoint() + " (HTTP 404): " + message + " Check llm.model and llm.endpoint (the "
                    + "base address usually ends in /v1).", error);
        }
        return new ServiceException(service, Kind.REJECTED, "the request was refused (HTTP " + status
                + failed.code().map(code -> ", " + code).orElse("") + "): " + message, error);
    }

    void rejectFilteredOrRefused(String finishReason, String refusal) {
        if (finishReason.equals("content_filter")) {
            throw new ServiceException(service, Kind.REJECTED, "the content filter withheld the answer. Rephrase "
                    + "the request.");
        }
        if (!refusal.isBlank()) {
            throw new ServiceException(service, Kind.REJECTED, "the model refused: " + redact(refusal));
        }
    }

    /** The service's own words: {@code error.message} of the body, else the SDK's message. */
    static String describe(OpenAIException error) {
        if (error instanceof OpenAIServiceException failed) {
            String message;
            try {
                message = JSON.valueToTree(failed.body()).path("error").path("message").asText("");
            } catch (IllegalArgumentException e) {
                message = "";
            }
            if (!message.isBlank()) {
                return message + failed.param().map(param -> " (parameter " + param + ")").orElse("");
            }
        }
        return String.valueOf(error.getMessage());
    }

    private String redact(String text) {
        return settings.apiKey().map(key -> text.replace(key, "***")).orElse(text);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static <T extends Throwable> Optional<T> causeOf(Throwable error, Class<T> type) {
        for (Throwable each = error; each != null; each = each.getCause() == each ? null : each.getCause()) {
            if (type.isInstance(each)) {
                return Optional.of(type.cast(each));
            }
        }
        return Optional.empty();
    }
}
