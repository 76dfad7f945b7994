package io.secai.plugin.defender.incidents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters of an incident list, from the task's inputs, as an OData {@code $filter}. Every value is checked
 * against what Graph accepts (statuses and severities are enumerations; the time is a duration or a date) and
 * text is quoted the OData way, so an input cannot add clauses of its own.
 *
 * @param status an incident status ({@code active}, {@code inProgress}, {@code resolved}, ...), or empty
 * @param severity a severity ({@code informational}, {@code low}, {@code medium}, {@code high}), or empty
 * @param since the earliest creation time, or empty
 * @param assignedTo the owner's user principal name, or empty
 */
public record IncidentFilter(Optional<String> status, Optional<String> severity, Optional<Instant> since,
                             Optional<String> assignedTo) {
    private static final List<String> STATUSES = List.of("active", "inProgress", "resolved", "redirected",
            "awaitingAction");
    private static final List<String> SEVERITIES = List.of("informational", "low", "medium", "high", "unknown");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,4})\\s*(d|h|m|days?|hours?)");
    private static final int MAX_TEXT = 256;

    /**
     * Reads the filters from a task's inputs: {@code status}, {@code severity}, {@code since} (a duration such as
     * {@code 7d} or {@code P7D}, or a date {@code 2026-11-01}) and {@code assigned-to}. Blank values are no filter.
     *
     * @param inputs the task's inputs
     * @param clock now, for durations
     * @return the filter
     * @throws IllegalArgumentException naming the bad value and what is accepted
     */
    public static IncidentFilter from(Map<String, String> inputs, Clock clock) {
        Optional<String> status = value(inputs, "status").map(s -> pick(s, STATUSES, "status"));
        Optional<String> severity = value(inputs, "severity").map(s -> pick(s, SEVERITIES, "severity"));
        Optional<Instant> since = value(inputs, "since").map(s -> since(s, clock));
        Optional<String> assignedTo = value(inputs, "assigned-to").map(s -> {
            if (s.length() > MAX_TEXT || s.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("assigned-to must be a user principal name such as"
                        + " analyst@contoso.com");
            }
            return s;
        });
        return new IncidentFilter(status, severity, since, assignedTo);
    }

    /** @return the OData filter, or empty when nothing is filtered */
    public Optional<String> odata() {
        List<String> clauses = new ArrayList<>();
        status.ifPresent(s -> clauses.add("status eq '" + s + "'"));
        severity.ifPresent(s -> clauses.add("severity eq '" + s + "'"));
        since.ifPresent(t -> clauses.add("createdDateTime ge " + t.truncatedTo(ChronoUnit.SECONDS)));
        assignedTo.ifPresent(a -> clauses.add("assignedTo eq '" + a.replace("'", "''") + "'"));
        return clauses.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", clauses));
    }

    /** @return the filters in words, for the answer */
    public String inWords() {
        List<String> parts = new ArrayList<>();
        status.ifPresent(s -> parts.add("status " + s));
        severity.ifPresent(s -> parts.add("severity " + s));
        since.ifPresent(t -> parts.add("created since " + t.truncatedTo(ChronoUnit.MINUTES)));
        assignedTo.ifPresent(a -> parts.add("assigned to " + a));
        return parts.isEmpty() ? "no filter" : String.join(", ", parts);
    }

    private static Optional<String> value(Map<String, String> inputs, String name) {
        return Optional.ofNullable(inputs.get(name)).map(String::strip).filter(v -> !v.isEmpty()
                && !v.equalsIgnoreCase("any") && !v.equalsIgnoreCase("all"));
    }

    private static String pick(String value, List<String> allowed, String name) {
        String flat = value.replaceAll("[\\s_-]", "");
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(flat)) {
                return candidate;
            }
        }
        if (name.equals("status") && (flat.equalsIgnoreCase("new") || flat.equalsIgnoreCase("open"))) {
            return "active";
        }
        if (name.equals("status") && flat.equalsIgnoreCase("closed")) {
            return "resolved";
        }
        throw new IllegalArgumentException("The incident " + name + " '" + shorten(value) + "' is not one Graph"
                + " knows; use one of " + String.join(", ", allowed) + ".");
    }

    private static Instant since(String value, Clock clock) {
        String trimmed = value.strip();
        try {
            Duration duration = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            if (!duration.isNegative() && !duration.isZero()) {
                return clock.instant().minus(duration);
            }
        } catch (DateTimeParseException notIso) {
            // a short duration or a date
        }
        Matcher matcher = SHORT_DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return clock.instant().minus(matcher.group(2).startsWith("h") ? Duration.ofHours(amount)
                    : matcher.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofDays(amount));
        }
        try {
            return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notDate) {
            try {
                return Instant.parse(trimmed);
            } catch (DateTimeParseException notInstant) {
                throw new IllegalArgumentException("since '" + shorten(value) + "' is neither a duration (7d, 24h,"
                        + " P30D) nor a date (2026-11-01).");
            }
        }
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
