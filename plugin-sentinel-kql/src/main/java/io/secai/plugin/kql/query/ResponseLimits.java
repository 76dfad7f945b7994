package io.secai.plugin.kql.query;

import io.secai.api.Settings;

import java.time.Duration;

/**
 * How much of the service's answers SecAI takes in, and how long it waits out throttling.
 *
 * @param maxRows rows kept of one result; further rows are counted, not kept
 *     ({@code plugins.sentinel-kql.max-result-rows})
 * @param maxBytes bytes read of one response; the rest is not read and the result says it is cut
 *     ({@code plugins.sentinel-kql.max-response-mib}, in MiB)
 * @param maxRetries retries of a failing (5xx) or unreachable service ({@code plugins.sentinel-kql.http-retries})
 * @param throttleBudget the longest SecAI waits in all for a throttled (429) query, following Retry-After
 *     ({@code plugins.sentinel-kql.throttle-budget})
 */
public record ResponseLimits(int maxRows, long maxBytes, int maxRetries, Duration throttleBudget) {

    /** Default rows kept of one result. */
    public static final int DEFAULT_MAX_ROWS = 10_000;
    /** Default bytes read of one response. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** Default total wait on a throttled query. */
    public static final Duration DEFAULT_THROTTLE_BUDGET = Duration.ofSeconds(60);

    public ResponseLimits {
        maxRows = Math.max(1, maxRows);
        maxBytes = Math.max(1024, maxBytes);
        maxRetries = Math.max(0, maxRetries);
        throttleBudget = throttleBudget.isNegative() ? Duration.ZERO : throttleBudget;
    }

    /**
     * Reads {@code plugins.sentinel-kql.max-result-rows}, {@code max-response-bytes} and {@code throttle-budget}.
     *
     * @param settings SecAI's settings
     * @param maxRetries retries of failing calls ({@code plugins.sentinel-kql.http-retries}, read with the others)
     * @return the limits
     */
    public static ResponseLimits from(Settings settings, int maxRetries) {
        String prefix = "plugins.sentinel-kql.";
        return new ResponseLimits(settings.integer(prefix + "max-result-rows", DEFAULT_MAX_ROWS),
                settings.integer(prefix + "max-response-mib", (int) (DEFAULT_MAX_BYTES >> 20)) * 1024L * 1024L,
                maxRetries, settings.duration(prefix + "throttle-budget", DEFAULT_THROTTLE_BUDGET));
    }

    /**
     * @param maxRetries retries of failing calls
     * @return the default caps with that many retries
     */
    public static ResponseLimits withRetries(int maxRetries) {
        return new ResponseLimits(DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, maxRetries, DEFAULT_THROTTLE_BUDGET);
    }
}
