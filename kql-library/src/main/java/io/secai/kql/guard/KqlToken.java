package io.secai.kql.guard;

/**
 * A lexical token of a KQL query.
 *
 * @param type what kind of token
 * @param text the token's text as written (for strings, including quotes)
 * @param offset where it starts in the query
 * @param end where it ends in the query (exclusive)
 */
public record KqlToken(Type type, String text, int offset, int end) {

    /** Kinds of tokens. */
    public enum Type {
        /** A name: keyword, operator, table, column, function or variable ({@code $left} included). */
        IDENTIFIER,
        /** A name written as {@code ['name']} or {@code ["name"]}; {@link #text()} is the bare name. */
        QUOTED_IDENTIFIER,
        /** A string literal in any of KQL's quotings. */
        STRING,
        /** A number, including timespan literals such as {@code 7d} or {@code 1.5h}. */
        NUMBER,
        /** A typed literal read as one token, such as {@code datetime(2024-01-01)} or {@code guid(...)}. */
        LITERAL,
        /** A {@code #} client directive, up to the end of its line. */
        DIRECTIVE,
        /** A {@code //} comment (only from {@link KqlLexer#tokenizeWithComments(String)}). */
        COMMENT,
        /** Punctuation and operators: {@code | ( ) [ ] { } , ; . .. = == != =~ !~ < <= > >= => + - * / % :}. */
        PUNCTUATION
    }

    /** @param value text to compare @return whether this is that punctuation */
    public boolean is(String value) {
        return type == Type.PUNCTUATION && text.equals(value);
    }

    /** @param value a keyword @return whether this is that identifier (case-sensitive, as KQL is) */
    public boolean isWord(String value) {
        return type == Type.IDENTIFIER && text.equals(value);
    }
}
