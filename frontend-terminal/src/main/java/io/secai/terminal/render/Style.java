package io.secai.terminal.render;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How text reaches the user: with ANSI styling and Unicode glyphs on a terminal, or plain ASCII without a single
 * escape byte when the output is piped or {@code NO_COLOR} is set.
 *
 * @param ansi whether escape codes and Unicode drawing characters may be written
 */
public record Style(boolean ansi) {
    /** Output without escape codes. */
    public static final Style PLAIN = new Style(false);
    /** Output with ANSI styling. */
    public static final Style ANSI = new Style(true);

    /** A text attribute; several combine into one escape sequence. */
    public enum Attr {
        /** Bold. */
        BOLD("1"),
        /** Faint, for secondary information. */
        DIM("2"),
        /** Italic. */
        ITALIC("3"),
        /** Underlined. */
        UNDERLINE("4"),
        /** Code and queries. */
        CODE("36"),
        /** Headings and titles. */
        ACCENT("34"),
        /** Success. */
        GOOD("32"),
        /** Warnings. */
        WARN("33"),
        /** Errors. */
        BAD("31");

        private final String code;

        Attr(String code) {
            this.code = code;
        }
    }

    /**
     * @param attrs the attributes
     * @param text text without escape codes
     * @return the text, styled when this style is ANSI
     */
    public String apply(Set<Attr> attrs, String text) {
        if (!ansi || attrs.isEmpty() || text.isEmpty()) {
            return text;
        }
        String codes = attrs.stream().map(a -> a.code).collect(Collectors.joining(";"));
        return "\u001b[" + codes + "m" + text + "\u001b[0m";
    }

    /** @param text the text @return it in bold */
    public String bold(String text) {
        return apply(EnumSet.of(Attr.BOLD), text);
    }

    /** @param text the text @return it faint */
    public String dim(String text) {
        return apply(EnumSet.of(Attr.DIM), text);
    }

    /** @param text the text @return it styled as a warning */
    public String warn(String text) {
        return apply(EnumSet.of(Attr.WARN), text);
    }

    /** @param text the text @return it styled as an error */
    public String bad(String text) {
        return apply(EnumSet.of(Attr.BAD), text);
    }

    /** @param text the text @return it styled as a success */
    public String good(String text) {
        return apply(EnumSet.of(Attr.GOOD), text);
    }

    /** @param text the text @return it styled as a title */
    public String accent(String text) {
        return apply(EnumSet.of(Attr.ACCENT, Attr.BOLD), text);
    }

    /** @param text the text @return it styled as code */
    public String code(String text) {
        return apply(EnumSet.of(Attr.CODE), text);
    }

    /** @return the mark for cut text */
    public String ellipsis() {
        return ansi ? "…" : "...";
    }

    /** @return the bullet of unordered lists */
    public String bullet() {
        return ansi ? "•" : "-";
    }

    /** @return a horizontal rule character */
    public char rule() {
        return ansi ? '─' : '-';
    }

    /** @return a vertical separator */
    public char bar() {
        return ansi ? '│' : '|';
    }

    /** @return the crossing of a rule and a separator */
    public char cross() {
        return ansi ? '┼' : '+';
    }
}
