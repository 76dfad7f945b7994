package io.secai.plugin.kql.query;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ServiceException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

/**
 * What a failed exchange with the Log Analytics query API means: the service's own words from its error body, the
 * {@link ServiceException} (or {@link QueryRejectedException}) a user reads for a status, whether the status is worth
 * another try and how long the service asks to wait first, and whether a transport failure was a cancel rather
 * than a failure.
 *
 * <p>It exists apart from {@link LogAnalytics}, which sends queries and decides when to try again: reading the
 * service's failures is a vocabulary of its own (status codes, {@code innererror} chains, three retry headers), and
 * here it can be tested without a server.
 */
final class ServiceErrors {
    private static final int ERROR_BODY_CHARS = 64 * 1024;
    private static final List<String> RETRY_HEADERS = List.of("retry-after-ms", "x-ms-retry-after-ms", "Retry-After");

    private final String workspaceId;
    private final ObjectMapper json;

    /**
     * @param workspaceId the workspace queried, named in the messages that concern it
     * @param json reads error bodies
     */
    ServiceErrors(String workspaceId, ObjectMapper json) {
        this.workspaceId = workspaceId;
        this.json = json;
    }

    /**
     * @param status an HTTP status that is not 2xx
     * @param text the service's words ({@link #errorText})
     * @return the failure a user reads: a refused query is a {@link QueryRejectedException}
     */
    ServiceException failure(int status, String text) {
        return switch (status) {
            case 400 -> new QueryRejectedException(text);
            case 401, 403 -> new ServiceException(LogAnalytics.SERVICE, ServiceException.Kind.UNAVAILABLE,
                    "access to the workspace was refused (HTTP " + status + "): " + text
                            + ". Check that the signed-in identity can read workspace " + workspaceId + ".");
            case 404 -> new ServiceException(LogAnalytics.SERVICE, ServiceException.Kind.UNAVAILABLE,
                    "workspace " + workspaceId + " was not found: " + text
                            + ". Check azure.workspace-id (AZURE_WORKSPACE_ID).");
            case 429 -> new ServiceException(LogAnalytics.SERVICE, ServiceException.Kind.THROTTLED,
                    "too many requests (HTTP 429): " + text + ". Wait a minute and ask again.");
            case 504 -> new ServiceException(LogAnalytics.SERVICE, ServiceException.Kind.TIMEOUT,
                    "the query took longer than the service allows (HTTP 504 gateway timeout). Narrow the time range"
                            + " or filter earlier in the query.");
            default -> new ServiceException(LogAnalytics.SERVICE, status >= 500 ? ServiceException.Kind.FAILED
                    : ServiceException.Kind.REJECTED, "the service answered HTTP " + status + ": " + text);
        };
    }

    /**
     * @param status an HTTP status that is not 2xx
     * @return whether another try may succeed: throttling and the failing-service statuses (not 504, a timeout)
     */
    static boolean retryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503;
    }

    /** @return the service's words for a failed answer, reading at most 64 KiB of its body */
    String errorText(HttpResponse response) {
        String body;
        try (InputStream stream = response.getBodyAsBinaryData().toStream()) {
            body = new String(stream.readNBytes(ERROR_BODY_CHARS), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException unreadable) {
            body = "";
        }
        return errorText(response.getStatusCode(), body);
    }

    /**
     * @param status the answer's HTTP status
     * @param body the start of its body
     * @return each level of {@code error}/{@code innererror} as "code: message", joined by " / "; a body that is not
     *     JSON cut to 500 characters; without either, the status
     */
    String errorText(int status, String body) {
        if (!body.isBlank()) {
            try {
                JsonNode error = json.readTree(body).path("error");
                List<String> parts = new ArrayList<>();
                for (JsonNode level = error; !level.isMissingNode() && !level.isNull();
                     level = level.path("innererror")) {
                    String code = level.path("code").asText("");
                    String message = level.path("message").asText("");
                    parts.add(code.isEmpty() ? message : code + ": " + message);
                }
                if (!parts.isEmpty()) {
                    return String.join(" / ", parts);
                }
            } catch (IOException notJson) {
                return body.length() > 500 ? body.substring(0, 500) : body;
            }
        }
        return "HTTP " + status;
    }

    /**
     * @param error a partial answer's {@code error} object
     * @return the most specific message in it: the last one found down its details' {@code innererror} chains
     */
    static String deepestMessage(JsonNode error) {
        String message = error.path("message").asText("");
        for (JsonNode detail : error.path("details")) {
            for (JsonNode level = detail; !level.isMissingNode(); level = level.path("innererror")) {
                if (!level.path("message").asText("").isEmpty()) {
                    message = level.path("message").asText();
                }
            }
        }
        return message;
    }

    /**
     * @param header a response header's value by name, null when absent
     * @return how long the service asks to wait: {@code retry-after-ms}, {@code x-ms-retry-after-ms} (milliseconds)
     *     or {@code Retry-After} (seconds), the first that is a number; empty for none (an HTTP date included)
     */
    static Optional<Duration> retryAfter(Function<HttpHeaderName, String> header) {
        for (String name : RETRY_HEADERS) {
            String value = header.apply(HttpHeaderName.fromString(name));
            if (value == null) {
                continue;
            }
            try {
                double number = Double.parseDouble(value.trim());
                if (number >= 0) {
                    return Optional.of(name.equals("Retry-After") ? Duration.ofMillis((long) (number * 1000))
                            : Duration.ofMillis((long) number));
                }
            } catch (NumberFormatException notANumber) {
                // An HTTP date: rare for this service; the back-off applies.
            }
        }
        return Optional.empty();
    }

    /**
     * @param error what the transport threw
     * @return the failure to report (and retry) when the workspace could not be reached
     */
    ServiceException unreachable(Throwable error) {
        return new ServiceException(LogAnalytics.SERVICE, ServiceException.Kind.UNAVAILABLE,
                "the workspace cannot be reached: " + rootMessage(error), error);
    }

    /** @return whether a transport failure was an interrupt (a cancel, a deadline) rather than a network failure */
    static boolean interrupted(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof CancellationException
                    || cause instanceof InterruptedIOException
                    && !(cause instanceof java.net.SocketTimeoutException)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
