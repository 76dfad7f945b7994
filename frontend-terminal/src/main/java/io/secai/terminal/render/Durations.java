package io.secai.terminal.render;

import java.time.Duration;
import java.util.Locale;

/** Formats elapsed times the way the terminal shows them: {@code 0.4s}, {@code 12.3s}, {@code 2m 05s}. */
public final class Durations {
    private Durations() {
    }

    /**
     * @param duration how long
     * @return short text
     */
    public static String format(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm %02ds", millis / 60_000, (millis / 1000) % 60);
    }
}
