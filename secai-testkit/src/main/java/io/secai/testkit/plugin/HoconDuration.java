package io.secai.testkit.plugin;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Durations as HOCON (typesafe-config) reads them: a number followed by a case-sensitive unit, where a unit longer
 * than two letters may drop its plural {@code s}, and a bare number means milliseconds. Written here rather than
 * borrowed from typesafe-config so that the kit adds no configuration library to a plugin's test class path.
 */
final class HoconDuration {

    private HoconDuration() {
    }

    /**
     * @param text for example {@code 30s}, {@code 5 minutes}, {@code 1.5h}, {@code 250}
     * @return the duration, or empty when the text is not one
     */
    static Optional<Duration> parse(String text) {
        String trimmed = text.strip();
        int unitStart = trimmed.length();
        while (unitStart > 0 && Character.isLetter(trimmed.charAt(unitStart - 1))) {
            unitStart--;
        }
        String number = trimmed.substring(0, unitStart).strip();
        Optional<ChronoUnit> unit = unit(trimmed.substring(unitStart));
        if (number.isEmpty() || unit.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (number.matches("[+-]?[0-9]+")) {
                return Optional.of(Duration.of(Long.parseLong(number), unit.get()));
            }
            double nanos = Double.parseDouble(number) * unit.get().getDuration().toNanos();
            return Optional.of(Duration.ofNanos((long) nanos));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Optional<ChronoUnit> unit(String written) {
        String name = written.length() > 2 && !written.endsWith("s") ? written + "s" : written;
        return Optional.ofNullable(switch (name) {
            case "", "ms", "millis", "milliseconds" -> ChronoUnit.MILLIS;
            case "us", "micros", "microseconds" -> ChronoUnit.MICROS;
            case "ns", "nanos", "nanoseconds" -> ChronoUnit.NANOS;
            case "s", "seconds" -> ChronoUnit.SECONDS;
            case "m", "minutes" -> ChronoUnit.MINUTES;
            case "h", "hours" -> ChronoUnit.HOURS;
            case "d", "days" -> ChronoUnit.DAYS;
            default -> null;
        });
    }
}
