package io.secai.terminal.render;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * A time range as people say it: {@code 30 days}, {@code 1 day 12 hours}, {@code 90 minutes} stays
     * {@code 1 hour 30 minutes}. The two largest units are kept; a zero range is {@code 0 seconds}.
     *
     * @param duration a time range
     * @return words
     */
    public static String words(Duration duration) {
        long seconds = Math.abs(duration.getSeconds());
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] units = {"day", "hour", "minute", "second"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < sizes.length && parts.size() < 2; i++) {
            long count = seconds / sizes[i];
            seconds %= sizes[i];
            if (count > 0) {
                parts.add(Plural.of(count, units[i]));
            } else if (!parts.isEmpty()) {
                break;
            }
        }
        return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
    }

    /**
     * @param text an ISO-8601 duration such as {@code PT720H}, as plugins report time ranges
     * @return the range in words, or the text unchanged when it is not such a duration
     */
    public static String wordsOrAsIs(String text) {
        try {
            return words(Duration.parse(text.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            return text;
        }
    }
}
