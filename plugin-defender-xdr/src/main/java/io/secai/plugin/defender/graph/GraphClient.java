package io.secai.plugin.defender.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ServiceException;
import io.secai.api.TaskCancelledException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Microsoft Graph over the JDK's HTTP client: a bearer token per call, JSON in and out, throttling (429 with
 * {@code Retry-After}) waited out within a budget shared by all calls of one task, server errors retried twice,
 * {@code @odata.nextLink} paging with a page cap, and errors as messages a user can act on (a 403 names the
 * permission the call needs).
 *
 * <p>A next-page link is followed only on the host the client was configured with: the bearer token never goes to a
 * host a response named.
 */
public final class GraphClient {
    /** The service's name in messages. */
    public static final String SERVICE = "Microsoft Graph";
    private static final int SERVER_ERROR_RETRIES = 2;
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    private static final int MAX_ERROR_CHARS = 500;

    /** Calls that must stop when the user cancels: checked before each request and each wait. */
    public interface Checkpoint {
        /** @throws TaskCancelledException when the user cancelled */
        void check();
    }

    /** What the client needs from its caller for one task. */
    public record Call(Supplier<String> bearer, Consumer<String> progress, Checkpoint checkpoint,
                       ThrottleBudget budget) {
        public Call {
            Objects.requireNonNull(bearer, "bearer");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(budget, "budget");
        }
    }

    /** Items of a collection read page by page, and whether pages were left unread. */
    public record Page(List<JsonNode> items, boolean truncated) {
        public Page {
            items = List.copyOf(items);
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final long maxResponseBytes;
    private final Sleeper sleeper;
    private final ObjectMapper json = new ObjectMapper();

    /** Waits; a test may replace it to count waits instead of sleeping. */
    public interface Sleeper {
        /** @param duration how long @throws InterruptedException when interrupted */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param baseUrl Graph's base URL with its version, such as {@code https://graph.microsoft.com/v1.0}
     * @param http the HTTP client (its own; the plugin shares one between tasks)
     * @param requestTimeout how long one call may take
     * @param maxResponseBytes the most bytes read of one answer
     * @param sleeper how to wait for a throttled call
     */
    public GraphClient(String baseUrl, HttpClient http, Duration requestTimeout, long maxResponseBytes,
                       Sleeper sleeper) {
        String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(trimmed);
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE, "plugins.defender-xdr.graph-url"
                    + " must be an https URL such as https://graph.microsoft.com/v1.0, not '" + baseUrl + "'");
        }
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.sleeper = sleeper;
    }

    /** @return a JDK HTTP client for Graph: HTTP/2 when offered, redirects not followed (the token stays put) */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @return the token scope of this Graph host: {@code https://graph.microsoft.com/.default} */
    public String defaultScope() {
        return base.getScheme() + "://" + base.getRawAuthority() + "/.default";
    }

    /**
     * GETs one resource.
     *
     * @param pathAndQuery after the base URL, starting with {@code /}, query already encoded
     * @param permission the Graph permission the call needs, named when it is forbidden
     * @param call the task's token, progress, cancellation and throttle budget
     * @return the JSON answer
     */
    public JsonNode get(String pathAndQuery, String permission, Call call) {
        return send(URI.create(base + pathAndQuery), "GET", null, permission, call);
    }

    /**
     * POSTs a JSON body.
     *
     * @param path after the base URL
     * @param body the JSON body
     * @param permission the Graph permission the call needs
     * @param call the task's token, progress, cancellation and throttle budget
     * @return the JSON answer
     */
    public JsonNode post(String path, JsonNode body, String permission, Call call) {
        return send(URI.create(base + path), "POST", body.toString(), permission, call);
    }

    /**
     * GETs a collection, following {@code @odata.nextLink} for at most {@code maxPages} pages.
     *
     * @param pathAndQuery the first page
     * @param permission the Graph permission the call needs
     * @param maxPages the most pages read
     * @param call the task's token, progress, cancellation and throttle budget
     * @return the items of the pages read, and whether more were left
     */
    public Page getAll(String pathAndQuery, String permission, int maxPages, Call call) {
        List<JsonNode> items = new ArrayList<>();
        URI next = URI.create(base + pathAndQuery);
        for (int page = 1; ; page++) {
            JsonNode answer = send(next, "GET", null, permission, call);
            answer.path("value").forEach(items::add);
            String link = answer.path("@odata.nextLink").asText("");
            if (link.isEmpty()) {
                return new Page(items, false);
            }
            if (page >= maxPages) {
                return new Page(items, true);
            }
            next = sameOrigin(link);
            call.progress().accept("Microsoft Graph: reading page " + (page + 1) + " (" + items.size()
                    + " items so far)");
        }
    }

    private URI sameOrigin(String link) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException bad) {
            throw new ServiceException(SERVICE, ServiceException.Kind.FAILED, "the next-page link is not a URL");
        }
        if (!base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
                || !base.getRawAuthority().equalsIgnoreCase(String.valueOf(uri.getRawAuthority()))) {
            throw new ServiceException(SERVICE, ServiceException.Kind.FAILED, "the next-page link points to "
                    + uri.getScheme() + "://" + uri.getRawAuthority() + ", not to " + base.getRawAuthority()
                    + "; it was not followed (the token goes to the configured Graph host only)");
        }
        return uri;
    }

    private JsonNode send(URI uri, String method, String body, String permission, Call call) {
        int serverErrors = 0;
        while (true) {
            call.checkpoint().check();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Authorization", "Bearer " + call.bearer().get())
                    .header("Accept", "application/json");
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            HttpResponse<InputStream> response;
            String text;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                text = read(response.body());
            } catch (java.net.http.HttpTimeoutException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.TIMEOUT, "no answer within "
                        + requestTimeout.toSeconds() + " s (plugins.defender-xdr.request-timeout)", e);
            } catch (IOException e) {
                throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE, "could not reach "
                        + base.getHost() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskCancelledException();
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return text.isBlank() ? json.createObjectNode() : json.readTree(text);
                } catch (IOException e) {
                    throw new ServiceException(SERVICE, ServiceException.Kind.FAILED, "the answer is not JSON", e);
                }
            }
            String error = errorText(text);
            switch (status) {
                case 429 -> {
                    Duration wait = retryAfter(response).orElse(DEFAULT_RETRY_AFTER);
                    if (!call.budget().take(wait)) {
                        throw new ServiceException(SERVICE, ServiceException.Kind.THROTTLED, "still throttled (429)"
                                + " after waiting " + call.budget().spentSeconds() + " s; the next wait of "
                                + wait.toSeconds() + " s would pass plugins.defender-xdr.throttle-budget ("
                                + call.budget().limit().toSeconds() + " s). Try again later.");
                    }
                    call.progress().accept("Microsoft Graph is throttling (429); waiting " + wait.toSeconds()
                            + " s as asked (" + call.budget().remainingSeconds() + " s of the budget left)");
                    pause(wait, call);
                }
                case 401 -> throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE,
                        "the sign-in was not accepted (401): " + error + ". Sign in again, for the tenant that holds"
                                + " Defender XDR.");
                case 403 -> throw new ServiceException(SERVICE, ServiceException.Kind.REJECTED,
                        "forbidden (403): the signed-in identity lacks the permission " + permission + " (grant it"
                                + " to the app registration or user and consent). The service said: " + error);
                case 400, 404 -> throw new GraphRejectedException(status, error);
                default -> {
                    if (status >= 500 && serverErrors < SERVER_ERROR_RETRIES) {
                        serverErrors++;
                        Duration wait = retryAfter(response).orElse(Duration.ofSeconds(serverErrors));
                        if (!call.budget().take(wait)) {
                            throw failed(status, error);
                        }
                        call.progress().accept("Microsoft Graph failed (HTTP " + status + "); retrying in "
                                + wait.toSeconds() + " s");
                        pause(wait, call);
                    } else {
                        throw failed(status, error);
                    }
                }
            }
        }
    }

    private static ServiceException failed(int status, String error) {
        return new ServiceException(SERVICE, status >= 500 ? ServiceException.Kind.FAILED
                : ServiceException.Kind.REJECTED, "HTTP " + status + ": " + error);
    }

    private void pause(Duration wait, Call call) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskCancelledException();
        }
        call.checkpoint().check();
    }

    private String read(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
            if (bytes.length > maxResponseBytes) {
                throw new ServiceException(SERVICE, ServiceException.Kind.FAILED, "the answer is larger than "
                        + (maxResponseBytes >> 20) + " MiB; ask for fewer rows or a summary");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The error document's code and message ({@code {"error": {"code", "message"}}}), capped, on one line. */
    private String errorText(String text) {
        String found;
        try {
            JsonNode error = json.readTree(text).path("error");
            String code = error.path("code").asText("");
            String message = error.path("message").asText("");
            found = code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
        } catch (IOException | RuntimeException notJson) {
            found = text;
        }
        found = found.replaceAll("\\s+", " ").strip();
        if (found.isEmpty()) {
            return "no details given";
        }
        return found.length() > MAX_ERROR_CHARS ? found.substring(0, MAX_ERROR_CHARS) + "..." : found;
    }

    /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
