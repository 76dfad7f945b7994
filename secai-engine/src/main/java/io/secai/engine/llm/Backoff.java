package io.secai.engine.llm;

import com.azure.core.http.HttpHeaders;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: what the service asked for when it said so, else an exponential delay
 * with jitter, never more than the configured cap, so that a service asking for an hour cannot freeze a session.
 */
final class Backoff {

    private static final Duration BASE = Duration.ofMillis(500);

    private final Duration maxWait;

    Backoff(Duration maxWait) {
        this.maxWait = maxWait;
    }

    /**
     * @param failedAttempts how many attempts failed so far, from 1
     * @param serviceHint what the service asked for
     * @return the wait, at most the cap
     */
    Duration delay(int failedAttempts, Optional<Duration> serviceHint) {
        Duration wanted = serviceHint.orElseGet(() -> exponential(failedAttempts));
        return wanted.compareTo(maxWait) > 0 ? maxWait : wanted;
    }

    private static Duration exponential(int failedAttempts) {
        long millis = BASE.toMillis() << Math.min(failedAttempts - 1, 16);
        // Jitter keeps clients that failed together from retrying together.
        return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 5 + 1));
    }

    /**
     * Reads the wait a response asks for: {@code retry-after-ms} and {@code x-ms-retry-after-ms} in milliseconds,
     * else {@code Retry-After} in seconds or as an HTTP date.
     *
     * @param headers the response headers
     * @return the wait, empty when the response names none
     */
    static Optional<Duration> serviceHint(HttpHeaders headers) {
        for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
            Optional<Duration> millis = number(headers.getValue(name)).map(Duration::ofMillis);
            if (millis.isPresent()) {
                return millis;
            }
        }
        String retryAfter = headers.getValue("Retry-After");
        if (retryAfter == null) {
            return Optional.empty();
        }
        Optional<Duration> seconds = number(retryAfter).map(Duration::ofSeconds);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(),
                    ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long parsed = (long) Double.parseDouble(value.trim());
            return parsed < 0 ? Optional.empty() : Optional.of(parsed);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
