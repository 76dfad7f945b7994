package io.secai.plugin.kql.query;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.TaskCancelledException;
import io.secai.api.TokenProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs KQL against one Log Analytics workspace: the query API's wire format ({@code POST
 * {endpoint}/workspaces/{id}/query}) through an azure-core pipeline (Entra ID bearer token, the JDK HTTP transport),
 * with the response read as it streams in by {@link ResponseReader}, bounded by {@link ResponseLimits}.
 *
 * <p>It does not use azure-monitor-query's {@code LogsQueryClient}: that client converts rows in quadratic time and
 * keeps whole answers in memory, and its retry policy retries an exchange that a cancelled task aborted. Here:
 * partial results come back with a warning; a query the service refuses (400) is a {@link QueryRejectedException}
 * carrying the service's words; throttling (429) is waited out as long as the service asks, within
 * {@link ResponseLimits#throttleBudget()} in all, each wait shown to a {@link WaitListener}; failing services (5xx
 * but 504) and network failures are retried {@link ResponseLimits#maxRetries()} times; an interrupt (cancel, deadline)
 * aborts the exchange and is never retried. Other failures are {@link ServiceException}s of the matching kind, as
 * {@link ServiceErrors} reads them.
 */
public final class LogAnalytics {
    /** The service's name as the user sees it in messages. */
    public static final String SERVICE = "Log Analytics";

    private static final String PUBLIC_ENDPOINT = "https://api.loganalytics.io/v1";
    private static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY_DELAY = Duration.ofSeconds(30);

    private final HttpPipeline pipeline;
    private final String queryUrl;
    private final String workspaceId;
    private final Duration serverTimeout;
    private final ResponseLimits limits;
    private final ObjectMapper json = new ObjectMapper();
    private final ServiceErrors errors;

    /**
     * Hears that a query waits before it is tried again, to show it while it happens.
     */
    @FunctionalInterface
    public interface WaitListener {
        /** Hears nothing. */
        WaitListener NONE = (delay, reason) -> { };

        /**
         * @param delay how long SecAI waits now
         * @param reason why, with what is left of the budget
         */
        void waiting(Duration delay, String reason);
    }

    /**
     * A client with the default caps.
     *
     * @param workspaceId the workspace (its GUID)
     * @param endpoint the query endpoint, such as {@code https://api.loganalytics.io/v1}; empty for the public cloud
     * @param tokens the host's identity; tokens are asked for the endpoint's {@code /.default} scope
     * @param serverTimeout how long the service may run a query
     * @param maxRetries how often a failing (5xx) call is retried
     * @param httpClient the transport, shared between clients
     */
    public LogAnalytics(String workspaceId, Optional<String> endpoint, TokenProvider tokens, Duration serverTimeout,
                        int maxRetries, HttpClient httpClient) {
        this(workspaceId, endpoint, tokens, serverTimeout, ResponseLimits.withRetries(maxRetries), httpClient);
    }

    /**
     * @param workspaceId the workspace (its GUID)
     * @param endpoint the query endpoint, such as {@code https://api.loganalytics.io/v1}; empty for the public cloud
     * @param tokens the host's identity; tokens are asked for the endpoint's {@code /.default} scope
     * @param serverTimeout how long the service may run a query
     * @param limits row and byte caps, retries and the throttling budget
     * @param httpClient the transport, shared between clients
     */
    public LogAnalytics(String workspaceId, Optional<String> endpoint, TokenProvider tokens, Duration serverTimeout,
                        ResponseLimits limits, HttpClient httpClient) {
        this.workspaceId = workspaceId;
        this.serverTimeout = serverTimeout;
        this.limits = limits;
        this.errors = new ServiceErrors(workspaceId, json);
        String base = endpoint.filter(value -> !value.isBlank()).orElse(PUBLIC_ENDPOINT).replaceAll("/+$", "");
        this.queryUrl = base + "/workspaces/" + workspaceId + "/query";
        TokenCredential credential = new TokenProviderCredential(tokens);
        this.pipeline = new HttpPipelineBuilder()
                .httpClient(httpClient)
                .policies(new UserAgentPolicy("secai"), new BearerTokenAuthenticationPolicy(credential, scope(base)))
                .build();
    }

    /** The scope the query API accepts tokens for: the endpoint's scheme and host with {@code /.default}. */
    private static String scope(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            return uri.getScheme() + "://" + uri.getHost() + "/.default";
        } catch (URISyntaxException e) {
            throw new ServiceException(SERVICE, ServiceException.Kind.UNAVAILABLE, "plugins.sentinel-kql.endpoint \""
                    + endpoint + "\" is not an address such as " + PUBLIC_ENDPOINT + ".", e);
        }
    }

    /**
     * A JDK-based transport for {@link #LogAnalytics}; build one per plugin and share it.
     *
     * <p>Its work runs on a pool of its own: by default azure-core's JDK transport delivers response bodies on its
     * shared, bounded pool, the same one on which it blocks reading them, and enough concurrent queries then wait
     * for each other forever.
     *
     * @return the transport
     */
    public static HttpClient newHttpClient() {
        AtomicInteger number = new AtomicInteger();
        // Idle threads of a cached pool end by themselves, so the pool needs no owner to shut it down.
        return new JdkHttpClientBuilder().executor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "secai-loganalytics-http-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        })).build();
    }

    /** @return the workspace this client queries */
    public String workspaceId() {
        return workspaceId;
    }

    /**
     * Runs a query.
     *
     * @param kql the query, already checked by the guard
     * @param timespan how far back the service looks, or empty for what the query itself says
     * @return the first result table and any warnings
     * @throws QueryRejectedException when the service refuses the query as written
     * @throws ServiceException for throttling, timeouts, authentication and other failures
     * @throws TaskCancelledException when the thread is interrupted
     */
    public QueryOutcome query(String kql, Optional<Duration> timespan) {
        return query(kql, timespan, WaitListener.NONE);
    }

    /**
     * Runs a query, telling {@code waits} about every wait before a retry.
     *
     * @param kql the query, already checked by the guard
     * @param timespan how far back the service looks, or empty for what the query itself says
     * @param waits hears the waits
     * @return the first result table and any warnings
     * @throws QueryRejectedException when the service refuses the query as written
     * @throws ServiceException for throttling, timeouts, authentication and other failures
     * @throws TaskCancelledException when the thread is interrupted
     */
    public QueryOutcome query(String kql, Optional<Duration> timespan, WaitListener waits) {
        byte[] body = requestBody(kql, timespan);
        Duration waited = Duration.ZERO;
        int failures = 0;
        for (int attempt = 1; ; attempt++) {
            Duration backoff = backoff(attempt);
            Attempt result = attempt(body);
            if (result.outcome != null) {
                return result.outcome;
            }
            ServiceException failure = result.failure;
            Duration delay;
            String reason;
            if (failure.kind() == ServiceException.Kind.THROTTLED) {
                delay = result.retryAfter.orElse(backoff);
                // A service that says "retry now" over and over still costs a second a try, so the budget ends.
                delay = delay.compareTo(FIRST_RETRY_DELAY) < 0 ? FIRST_RETRY_DELAY : delay;
                Duration left = limits.throttleBudget().minus(waited);
                if (delay.compareTo(left) > 0) {
                    throw new ServiceException(SERVICE, ServiceException.Kind.THROTTLED, "too many requests (HTTP 429)"
                            + " for longer than SecAI waits (" + seconds(waited) + " waited; the service asks for "
                            + seconds(delay) + " more; plugins.sentinel-kql.throttle-budget is "
                            + seconds(limits.throttleBudget()) + "). Wait a minute and ask again.", failure);
                }
                reason = "throttled (HTTP 429), waiting " + seconds(delay) + (result.retryAfter.isPresent()
                        ? " as the service asks" : "") + "; " + seconds(left.minus(delay)) + " of the "
                        + seconds(limits.throttleBudget()) + " throttling budget left after this wait";
            } else if (result.retryable && failures < limits.maxRetries()) {
                failures++;
                delay = result.retryAfter.orElse(backoff);
                reason = failure.getMessage() + "; retry " + failures + " of " + limits.maxRetries();
            } else {
                throw failure;
            }
            waits.waiting(delay, reason);
            sleep(delay);
            waited = waited.plus(delay);
        }
    }

    private byte[] requestBody(String kql, Optional<Duration> timespan) {
        ObjectNode request = json.createObjectNode();
        request.put("query", kql);
        timespan.ifPresent(span -> request.put("timespan", span.toString()));
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One exchange: an outcome, or a failure with whether and when to try again. */
    private record Attempt(QueryOutcome outcome, ServiceException failure, boolean retryable,
                           Optional<Duration> retryAfter) {
    }

    private Attempt attempt(byte[] body) {
        HttpRequest request = new HttpRequest(HttpMethod.POST, queryUrl)
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.fromString("Prefer"), "wait=" + Math.max(1, serverTimeout.toSeconds()))
                .setBody(body);
        if (Thread.currentThread().isInterrupted()) {
            throw new TaskCancelledException();
        }
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            int status = response.getStatusCode();
            if (status / 100 == 2) {
                try (InputStream stream = response.getBodyAsBinaryData().toStream()) {
                    return new Attempt(outcome(new ResponseReader(limits).read(stream)), null, false,
                            Optional.empty());
                } catch (com.fasterxml.jackson.core.JsonProcessingException malformed) {
                    throw new ServiceException(SERVICE, ServiceException.Kind.FAILED, "the answer could not be read"
                            + " (" + malformed.getOriginalMessage() + "); the query's results were not used.",
                            malformed);
                }
            }
            Optional<Duration> retryAfter = ServiceErrors.retryAfter(response::getHeaderValue);
            ServiceException failure = errors.failure(status, errors.errorText(response));
            return new Attempt(null, failure, ServiceErrors.retryable(status), retryAfter);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ServiceException service) {
                throw service;
            }
            if (e instanceof TaskCancelledException || Thread.currentThread().isInterrupted()
                    || ServiceErrors.interrupted(e)) {
                // An aborted exchange is the cancel or the deadline taking effect, not a failure to retry.
                throw new TaskCancelledException();
            }
            return new Attempt(null, errors.unreachable(e), true, Optional.empty());
        }
    }

    private QueryOutcome outcome(ResponseReader.Response response) {
        List<String> warnings = new ArrayList<>();
        response.partialError().ifPresent(error -> warnings.add("Log Analytics returned partial results ("
                + error.path("code").asText("") + "): " + ServiceErrors.deepestMessage(error)));
        ResultTable table = response.table();
        if (response.bytesCut()) {
            warnings.add(String.format(Locale.ROOT, "The answer was larger than %,d bytes "
                    + "(plugins.sentinel-kql.max-response-mib); reading stopped after %,d rows. Narrow the query "
                    + "or summarise it.", limits.maxBytes(), table.totalRows()));
        } else if (table.truncated()) {
            warnings.add(String.format(Locale.ROOT, "The query returned %,d rows; SecAI keeps the first %,d "
                    + "(plugins.sentinel-kql.max-result-rows). Narrow the query or summarise it to see the rest.",
                    table.totalRows(), table.rows().size()));
        }
        return new QueryOutcome(table, warnings);
    }

    private static Duration backoff(int attempt) {
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(attempt - 1, 10));
        return delay.compareTo(LONGEST_RETRY_DELAY) > 0 ? LONGEST_RETRY_DELAY : delay;
    }

    private static void sleep(Duration delay) {
        try {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskCancelledException();
        }
    }

    private static String seconds(Duration value) {
        long millis = value.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
