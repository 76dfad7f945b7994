package io.secai.kql.skill;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.secai.kql.guard.KqlLexer;
import io.secai.kql.guard.KqlSyntaxException;
import io.secai.kql.guard.KqlToken;

/**
 * Turns an input value into a KQL literal of its declared type. Numbers, dates and durations are parsed and the
 * literal is written from the parsed value, so nothing of the given text survives but digits; strings are written
 * in double quotes with every quote, backslash and line break escaped. Each literal is read back with the guard's
 * lexer before use: it must be the tokens its type produces and nothing else, so an escaping mistake is a refusal,
 * never a query.
 */
public final class KqlLiterals {

    /** Longest string value: a user, a host, an IP, a hash; not a document. */
    public static final int MAX_STRING_CHARS = 1000;
    /** Most items of a list input. */
    public static final int MAX_LIST_ITEMS = 200;
    private static final Pattern SHORT_TIMESPAN = Pattern.compile("(\\d{1,7})(ms|d|h|m|s)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private KqlLiterals() {
    }

    /**
     * @param name the input's name, for messages
     * @param type its declared type
     * @param value the value as given
     * @return the literal to put in the query
     * @throws SkillInputException when the value is not of the type, or cannot be written safely
     */
    public static String literal(String name, InputType type, String value) {
        String literal = switch (type) {
            case STRING -> string(name, value);
            case INT -> integer(name, value);
            case DATETIME -> datetime(name, value);
            case TIMESPAN -> timespan(name, value);
            case STRING_LIST -> list(name, value);
        };
        checkTokens(name, type, literal);
        return literal;
    }

    private static String string(String name, String value) {
        if (value.length() > MAX_STRING_CHARS) {
            throw new SkillInputException("The input " + name + " is " + value.length() + " characters long; at most "
                    + MAX_STRING_CHARS + " are taken.");
        }
        StringBuilder literal = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        throw new SkillInputException("The input " + name + " holds a control character (U+"
                                + String.format("%04X", (int) c) + "); it cannot be put into a query.");
                    }
                    literal.append(c);
                }
            }
        }
        return literal.append('"').toString();
    }

    private static String integer(String name, String value) {
        try {
            return "long(" + Long.parseLong(value.strip()) + ")";
        } catch (NumberFormatException e) {
            throw new SkillInputException("The input " + name + " must be a whole number, not \"" + shown(value)
                    + "\".");
        }
    }

    private static String datetime(String name, String value) {
        String text = value.strip();
        Instant instant;
        try {
            instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException again) {
                throw new SkillInputException("The input " + name + " must be a date (2026-12-01) or an ISO-8601"
                        + " time (2026-12-01T08:00:00Z), not \"" + shown(value) + "\".");
            }
        }
        return "datetime(" + DateTimeFormatter.ISO_INSTANT.format(instant) + ")";
    }

    private static String timespan(String name, String value) {
        String text = value.strip();
        Matcher shortForm = SHORT_TIMESPAN.matcher(text);
        if (shortForm.matches()) {
            return "timespan(" + Long.parseLong(shortForm.group(1)) + shortForm.group(2) + ")";
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative()) {
                throw new SkillInputException("The input " + name + " must not be negative.");
            }
            return "timespan(" + duration.getSeconds() + "s)";
        } catch (DateTimeException | ArithmeticException e) {
            throw new SkillInputException("The input " + name + " must be a duration such as 30m, 24h, 7d or PT1H,"
                    + " not \"" + shown(value) + "\".");
        }
    }

    private static String list(String name, String value) {
        List<String> literals = new ArrayList<>();
        for (String item : items(name, value)) {
            literals.add(string(name, item));
        }
        // Kusto's in-list: "a", "b" (for in (...) / has_any (...)). Not dynamic(["a"]): the guard's lexer reads
        // ["a"] as a quoted column name, which its column check would then refuse.
        return String.join(", ", literals);
    }

    /**
     * The items of a list input, as the list type reads them (a JSON array of strings, or comma-separated).
     *
     * @param name the input's name, for messages
     * @param value the value as given
     * @return 1 to {@link #MAX_LIST_ITEMS} items, stripped
     */
    static List<String> items(String name, String value) {
        List<String> items = new ArrayList<>();
        String text = value.strip();
        if (text.startsWith("[")) {
            try {
                JsonNode array = JSON.readTree(text);
                if (!array.isArray()) {
                    throw new SkillInputException("The input " + name + " must be a JSON array of strings.");
                }
                for (JsonNode item : array) {
                    if (!item.isValueNode()) {
                        throw new SkillInputException("The input " + name + " must be a list of strings.");
                    }
                    items.add(item.asText());
                }
            } catch (JsonProcessingException e) {
                throw new SkillInputException("The input " + name + " starts with [ but is not a JSON array: "
                        + e.getOriginalMessage());
            }
        } else {
            for (String item : text.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        if (items.isEmpty() || items.size() > MAX_LIST_ITEMS) {
            throw new SkillInputException("The input " + name + " must hold 1 to " + MAX_LIST_ITEMS + " items, not "
                    + items.size() + ".");
        }
        return items;
    }

    /** Reads the literal back: one string token, or the call-shaped tokens of a typed literal, and nothing more. */
    private static void checkTokens(String name, InputType type, String literal) {
        List<KqlToken> tokens;
        try {
            tokens = KqlLexer.tokenizeWithComments(literal);
        } catch (KqlSyntaxException e) {
            throw new SkillInputException("The input " + name + " could not be written as a KQL literal.");
        }
        boolean inert = switch (type) {
            case STRING -> tokens.size() == 1 && tokens.get(0).type() == KqlToken.Type.STRING;
            case STRING_LIST -> tokens.stream().allMatch(token -> token.type() == KqlToken.Type.STRING
                    || token.is(","));
            default -> tokens.stream().noneMatch(token -> token.type() == KqlToken.Type.STRING
                    || token.type() == KqlToken.Type.COMMENT || token.is("|") || token.is(";"));
        };
        if (!inert) {
            throw new SkillInputException("The input " + name + " could not be written as an inert KQL literal.");
        }
    }

    private static String shown(String value) {
        String line = value.replaceAll("\\p{Cntrl}", " ");
        return line.length() <= 40 ? line : line.substring(0, 37) + "...";
    }
}
