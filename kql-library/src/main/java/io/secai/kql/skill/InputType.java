package io.secai.kql.skill;

import java.util.Locale;
import java.util.Optional;

/** The types a KQL skill input may have, as written in a skill file. */
public enum InputType {
    /** Any text; becomes a double-quoted KQL string. */
    STRING("string"),
    /** A whole number; becomes {@code long(N)}. */
    INT("int"),
    /** An ISO-8601 instant or date; becomes {@code datetime(...)} in UTC. */
    DATETIME("datetime"),
    /** A duration such as {@code 24h}, {@code 7d} or {@code PT30M}; becomes {@code timespan(...)}. */
    TIMESPAN("timespan"),
    /** Several strings (a JSON array or comma-separated); becomes {@code "a", "b"}, for {@code in ({{x}})}. */
    STRING_LIST("list");

    private final String written;

    InputType(String written) {
        this.written = written;
    }

    /** @return the name used in skill files */
    public String written() {
        return written;
    }

    /**
     * @param text a type as a skill file writes it ({@code string}, {@code int}, {@code datetime}, {@code timespan},
     *     {@code list}; Security Copilot's {@code String} and {@code Integer} too)
     * @return the type, or empty when unknown
     */
    public static Optional<InputType> of(String text) {
        String name = text == null ? "string" : text.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "string", "str" -> Optional.of(STRING);
            case "int", "integer", "long" -> Optional.of(INT);
            case "datetime", "date" -> Optional.of(DATETIME);
            case "timespan", "duration" -> Optional.of(TIMESPAN);
            case "list", "list<string>", "string[]", "array" -> Optional.of(STRING_LIST);
            default -> Optional.empty();
        };
    }
}
