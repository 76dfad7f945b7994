package io.secai.plugin.rules.validate;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO 8601 durations as Sentinel reads them, and Sentinel's limits for a scheduled rule. */
public final class Durations {
    /** Shortest query frequency and period. */
    public static final Duration MIN_QUERY = Duration.ofMinutes(5);
    /** Longest query frequency and period. */
    public static final Duration MAX_QUERY = Duration.ofDays(14);
    /** Shortest suppression. */
    public static final Duration MIN_SUPPRESSION = Duration.ofMinutes(5);
    /** Longest suppression. */
    public static final Duration MAX_SUPPRESSION = Duration.ofHours(24);
    private static final Pattern WEEKS = Pattern.compile("P(\\d{1,4})W");

    private Durations() {
    }

    /**
     * @param text an ISO 8601 duration ({@code PT5M}, {@code PT1H}, {@code P1D}, {@code P2W})
     * @return the duration; empty when the text is not one or is not positive
     */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty() || !text.startsWith("P") || text.length() > 40) {
            return Optional.empty();
        }
        Matcher weeks = WEEKS.matcher(text);
        Duration value;
        if (weeks.matches()) {
            value = Duration.ofDays(7L * Integer.parseInt(weeks.group(1)));
        } else {
            try {
                value = Duration.parse(text);
            } catch (DateTimeParseException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        return value.isNegative() || value.isZero() ? Optional.empty() : Optional.of(value);
    }

    /** @param value a duration @return its shortest ISO 8601 form that Sentinel writes ({@code PT5M}, {@code P1D}) */
    public static String format(Duration value) {
        if (value.toHours() % 24 == 0 && value.toSeconds() % 3600 == 0 && value.toDays() > 0) {
            return "P" + value.toDays() + "D";
        }
        return value.toString();
    }

    /** @param value a duration @return it in words: {@code 5 minutes}, {@code 14 days} */
    public static String words(Duration value) {
        if (value.toSeconds() % 86_400 == 0) {
            return plural(value.toDays(), "day");
        }
        if (value.toSeconds() % 3600 == 0) {
            return plural(value.toHours(), "hour");
        }
        if (value.toSeconds() % 60 == 0) {
            return plural(value.toMinutes(), "minute");
        }
        return plural(value.toSeconds(), "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
