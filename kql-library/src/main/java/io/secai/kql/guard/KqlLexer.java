package io.secai.kql.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits KQL into tokens, so that the guard reasons about names and pipes rather than about raw text: a table name
 * inside a string or a comment is not a table, and {@code //} inside a string is not a comment.
 *
 * <p>Covers what queries written by people and models use: {@code //} comments; strings in single, double and
 * triple-backtick quotes, verbatim ({@code @"..."}) and obfuscated ({@code h"..."}) forms; bracketed names
 * ({@code ['a b']}); numbers with timespan suffixes; and the raw literals of {@code datetime(...)},
 * {@code guid(...)} and {@code timespan(...)}.
 */
public final class KqlLexer {
    private static final Set<String> RAW_LITERAL_FUNCTIONS = Set.of("datetime", "guid", "timespan", "time", "date");
    private static final List<String> OPERATORS = List.of(
            "..", "==", "!=", "=~", "!~", "<=", ">=", "=>", "<>", "|", "(", ")", "[", "]", "{", "}", ",", ";", ".",
            "=", "<", ">", "+", "-", "*", "/", "%", ":", "!", "?", "@", "~");

    private final String text;
    private int position;
    private final List<KqlToken> tokens = new ArrayList<>();

    private KqlLexer(String text) {
        this.text = text;
    }

    /**
     * @param query the KQL text
     * @return its tokens, comments dropped
     * @throws KqlSyntaxException for an unterminated string or an unexpected character
     */
    public static List<KqlToken> tokenize(String query) {
        KqlLexer lexer = new KqlLexer(query);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '/' && peek(1) == '/') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (c == '\'' || c == '"') {
                stringLiteral(position, position, false);
            } else if (c == '`' && text.startsWith("```", position)) {
                multiLineString();
            } else if (c == '@' && (peek(1) == '"' || peek(1) == '\'')) {
                stringLiteral(position, position + 1, true);
            } else if ((c == 'h' || c == 'H') && (peek(1) == '"' || peek(1) == '\'')) {
                stringLiteral(position, position + 1, false);
            } else if ((c == 'h' || c == 'H') && peek(1) == '@' && (peek(2) == '"' || peek(2) == '\'')) {
                stringLiteral(position, position + 2, true);
            } else if (c == '[' && (peek(1) == '\'' || peek(1) == '"') && quotedIdentifier()) {
                continue;
            } else if (Character.isDigit(c)) {
                number();
            } else if (isIdentifierStart(c)) {
                identifier();
            } else {
                operator();
            }
        }
    }

    private char peek(int ahead) {
        int at = position + ahead;
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void stringLiteral(int start, int quoteAt, boolean verbatim) {
        char quote = text.charAt(quoteAt);
        int i = quoteAt + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!verbatim && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (verbatim && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                tokens.add(new KqlToken(KqlToken.Type.STRING, text.substring(start, i + 1), start, i + 1));
                position = i + 1;
                return;
            }
            if (c == '\n' && !verbatim) {
                break;
            }
            i++;
        }
        throw new KqlSyntaxException("unterminated string starting at offset " + start);
    }

    private void multiLineString() {
        int end = text.indexOf("```", position + 3);
        if (end < 0) {
            throw new KqlSyntaxException("unterminated ``` string starting at offset " + position);
        }
        tokens.add(new KqlToken(KqlToken.Type.STRING, text.substring(position, end + 3), position, end + 3));
        position = end + 3;
    }

    private boolean quotedIdentifier() {
        char quote = text.charAt(position + 1);
        int close = text.indexOf(quote, position + 2);
        if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ']') {
            return false;
        }
        tokens.add(new KqlToken(KqlToken.Type.QUOTED_IDENTIFIER, text.substring(position + 2, close), position,
                close + 2));
        position = close + 2;
        return true;
    }

    private void number() {
        int start = position;
        while (position < text.length()) {
            char c = text.charAt(position);
            boolean decimalPoint = c == '.' && peek(1) != '.' && Character.isDigit(peek(1));
            if (Character.isLetterOrDigit(c) || c == '_' || decimalPoint) {
                position++;
            } else {
                break;
            }
        }
        tokens.add(new KqlToken(KqlToken.Type.NUMBER, text.substring(start, position), start, position));
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private void identifier() {
        int start = position;
        while (position < text.length()) {
            char c = text.charAt(position);
            // A dash joins words only in operator names such as mv-expand or project-away.
            boolean dashInName = c == '-' && position + 1 < text.length()
                    && Character.isLetter(text.charAt(position + 1)) && isDashedOperator(start);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || dashInName) {
                position++;
            } else {
                break;
            }
        }
        String word = text.substring(start, position);
        tokens.add(new KqlToken(KqlToken.Type.IDENTIFIER, word, start, position));
        if (RAW_LITERAL_FUNCTIONS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
            rawLiteral();
        }
    }

    private boolean isDashedOperator(int start) {
        String head = text.substring(start, position);
        return KqlVocabulary.DASHED_OPERATOR_HEADS.contains(head);
    }

    /** Reads {@code (2022-10-05T20:54:33Z)} as one literal; a string or expression inside is lexed normally. */
    private void rawLiteral() {
        int i = position;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '(') {
            return;
        }
        int close = text.indexOf(')', i);
        if (close < 0) {
            return;
        }
        String inside = text.substring(i + 1, close).trim();
        if (inside.isEmpty() || !inside.matches("[0-9A-Fa-f][0-9A-Za-z:.\\-+ ]*")) {
            return;
        }
        tokens.add(new KqlToken(KqlToken.Type.PUNCTUATION, "(", i, i + 1));
        tokens.add(new KqlToken(KqlToken.Type.LITERAL, inside, i + 1, close));
        tokens.add(new KqlToken(KqlToken.Type.PUNCTUATION, ")", close, close + 1));
        position = close + 1;
    }

    private void operator() {
        for (String operator : OPERATORS) {
            if (text.startsWith(operator, position)) {
                tokens.add(new KqlToken(KqlToken.Type.PUNCTUATION, operator, position, position + operator.length()));
                position += operator.length();
                return;
            }
        }
        throw new KqlSyntaxException("unexpected character '" + text.charAt(position) + "' at offset " + position);
    }
}
