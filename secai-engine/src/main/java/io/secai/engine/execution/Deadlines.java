package io.secai.engine.execution;

import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.time.Duration;
import java.util.Objects;

/**
 * How long work may take before the engine stops it.
 *
 * @param task the longest one task (one plugin call, its model and service calls included) may run
 *     ({@code secai.deadline.task})
 * @param prompt the longest a whole prompt, planning included, may run ({@code secai.deadline.prompt})
 * @param stopGrace how long a stopped plugin has to end after it was interrupted before the engine abandons it on
 *     its thread and goes on ({@code secai.deadline.stop-grace})
 */
public record Deadlines(Duration task, Duration prompt, Duration stopGrace) {

    /** Default for {@code secai.deadline.task}. */
    public static final Duration DEFAULT_TASK = Duration.ofMinutes(5);
    /** Default for {@code secai.deadline.prompt}. */
    public static final Duration DEFAULT_PROMPT = Duration.ofMinutes(10);
    /** Default for {@code secai.deadline.stop-grace}. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);

    public Deadlines {
        positive(task, "secai.deadline.task");
        positive(prompt, "secai.deadline.prompt");
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (stopGrace.isNegative()) {
            throw new SecAiException("secai.deadline.stop-grace must not be negative, not " + stopGrace + ".");
        }
    }

    /** @return the defaults */
    public static Deadlines defaults() {
        return new Deadlines(DEFAULT_TASK, DEFAULT_PROMPT, DEFAULT_STOP_GRACE);
    }

    /**
     * Reads {@code secai.deadline.*}.
     *
     * @param settings the merged configuration
     * @return the deadlines
     */
    public static Deadlines from(Settings settings) {
        return new Deadlines(settings.duration("secai.deadline.task", DEFAULT_TASK),
                settings.duration("secai.deadline.prompt", DEFAULT_PROMPT),
                settings.duration("secai.deadline.stop-grace", DEFAULT_STOP_GRACE));
    }

    /**
     * A duration as a person writes it: {@code 5m}, {@code 90s}, {@code 1500ms}.
     *
     * @param value the duration
     * @return its text
     */
    public static String describe(Duration value) {
        if (value.toMillis() % 60_000 == 0 && !value.isZero()) {
            return value.toMinutes() + "m";
        }
        if (value.toMillis() % 1_000 == 0) {
            return value.toSeconds() + "s";
        }
        return value.toMillis() + "ms";
    }

    private static void positive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new SecAiException(key + " must be positive, not " + value + ".");
        }
    }
}
