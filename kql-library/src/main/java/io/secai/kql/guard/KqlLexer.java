package io.secai.kql.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits KQL into tokens the way Kusto's own lexer does, so that the guard sees exactly the code, comments and strings
 * the service will see: a table name inside a string or a comment is not a table, {@code //} inside a string is not a
 * comment, and a comment ends wherever Kusto ends it.
 *
 * <p>The rules below were read off Microsoft's Kusto.Language parser and are checked against it by a differential
 * test: whitespace is Kusto's set (including NBSP, the U+2000 spaces, U+200B and U+FEFF); a {@code //} comment and a
 * {@code #} directive end at {@code \n}, {@code \r}, U+2028 or U+2029 (a U+2028 or U+2029 that ends a comment is
 * trivia, anywhere else it is an error); plain and verbatim strings end at {@code \n} or
 * {@code \r} (so a backslash cannot carry one over a line); {@code ```} and {@code ~~~} strings span lines; the typed
 * literals {@code datetime(...)}, {@code guid(...)}, {@code int(...)} and friends are one token up to the first
 * {@code )} on the same line. Anything Kusto would read as a bad token is an error here.
 *
 * <p>Every character is looked at a bounded number of times, so the work is linear in the query's length.
 */
public final class KqlLexer {
    /** Lower-case words that, directly followed by {@code (}, start a literal Kusto reads as one token. */
    private static final Set<String> TYPED_LITERALS = Set.of("bool", "int", "long", "real", "double", "decimal",
            "datetime", "date", "time", "timespan", "guid", "int32", "int64");
    /** Operators written with a dash, which Kusto reads as one keyword; anything else with a dash is a minus. */
    private static final Set<String> DASHED_KEYWORDS = Set.of("mv-expand", "mv-apply", "project-away",
            "project-keep", "project-rename", "project-reorder", "project-smart", "project-by-names", "parse-where",
            "parse-kv", "make-series", "make-graph", "top-nested", "top-hitters", "sample-distinct", "graph-match",
            "graph-merge", "graph-to-table", "graph-shortest-paths", "graph-mark-components", "macro-expand",
            "assert-schema", "partition-by", "execute-and-cache");
    private static final int LONGEST_DASHED_KEYWORD = 24;
    private static final List<String> OPERATORS = List.of(
            "..", "==", "!=", "=~", "!~", "<=", ">=", "=>", "<>", "|", "(", ")", "[", "]", "{", "}", ",", ";", ".",
            "=", "<", ">", "+", "-", "*", "/", "%", ":", "!", "?", "@");

    private final String text;
    private final boolean keepComments;
    private final List<KqlToken> tokens = new ArrayList<>();
    private int position;

    private KqlLexer(String text, boolean keepComments) {
        this.text = text;
        this.keepComments = keepComments;
    }

    /**
     * @param query the KQL text
     * @return its tokens, comments dropped
     * @throws KqlSyntaxException for an unterminated string or literal, or a character Kusto does not accept
     */
    public static List<KqlToken> tokenize(String query) {
        KqlLexer lexer = new KqlLexer(query, false);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    /**
     * @param query the KQL text
     * @return its tokens with its {@code //} comments as {@link KqlToken.Type#COMMENT} tokens, in text order
     * @throws KqlSyntaxException as {@link #tokenize(String)}
     */
    public static List<KqlToken> tokenizeWithComments(String query) {
        KqlLexer lexer = new KqlLexer(query, true);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    /** @return whether Kusto reads this character as whitespace between tokens */
    public static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u00a0' || c == '\u1680'
                || c == '\u180e' || (c >= '\u2000' && c <= '\u200b') || c == '\u202f' || c == '\u205f'
                || c == '\u3000' || c == '\ufeff';
    }

    /** @return whether this character ends a {@code //} comment or a {@code #} directive */
    public static boolean endsComment(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    private void run() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (isWhitespace(c)) {
                position++;
            } else if (c == '/' && peek(1) == '/') {
                toLineEnd(KqlToken.Type.COMMENT, keepComments);
                // Kusto's trivia takes the separator that ended the comment; elsewhere U+2028/9 is a bad token.
                if (position < text.length() && (text.charAt(position) == '\u2028' || text.charAt(position) == '\u2029')) {
                    position++;
                }
            } else if (c == '#') {
                toLineEnd(KqlToken.Type.DIRECTIVE, true);
            } else if (c == '\'' || c == '"') {
                add(KqlToken.Type.STRING, position, plainString(position, position));
            } else if (c == '@' && (peek(1) == '"' || peek(1) == '\'')) {
                add(KqlToken.Type.STRING, position, verbatimString(position, position + 1));
            } else if ((c == 'h' || c == 'H') && (peek(1) == '"' || peek(1) == '\'')) {
                add(KqlToken.Type.STRING, position, plainString(position, position + 1));
            } else if ((c == 'h' || c == 'H') && peek(1) == '@' && (peek(2) == '"' || peek(2) == '\'')) {
                add(KqlToken.Type.STRING, position, verbatimString(position, position + 2));
            } else if ((c == '`' || c == '~') && peek(1) == c && peek(2) == c) {
                add(KqlToken.Type.STRING, position, fencedString(c));
            } else if (c == '[' && bracketedName()) {
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

    private void add(KqlToken.Type type, int start, int end) {
        tokens.add(new KqlToken(type, text.substring(start, end), start, end));
        position = end;
    }

    private void toLineEnd(KqlToken.Type type, boolean keep) {
        int start = position;
        int end = position;
        while (end < text.length() && !endsComment(text.charAt(end))) {
            end++;
        }
        if (keep) {
            add(type, start, end);
        }
        position = end;
    }

    /** @return the end of a {@code '...'} or {@code "..."} string whose quote is at {@code quoteAt} */
    private int plainString(int start, int quoteAt) {
        char quote = text.charAt(quoteAt);
        int i = quoteAt + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) != '\n' && text.charAt(i + 1) != '\r') {
                i += 2;
                continue;
            }
            if (c == quote) {
                return i + 1;
            }
            i++;
        }
        throw new KqlSyntaxException("unterminated string starting at offset " + start
                + " (a quoted string must end on the line it starts; use ``` or ~~~ for text over several lines)");
    }

    /** @return the end of a verbatim {@code @'...'} string, in which a doubled quote stands for one */
    private int verbatimString(int start, int quoteAt) {
        char quote = text.charAt(quoteAt);
        int i = quoteAt + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new KqlSyntaxException("unterminated string starting at offset " + start);
    }

    /** @return the end of a {@code ```...```} or {@code ~~~...~~~} string, which may span lines */
    private int fencedString(char fence) {
        String marker = String.valueOf(fence).repeat(3);
        int end = text.indexOf(marker, position + 3);
        if (end < 0) {
            throw new KqlSyntaxException("unterminated " + marker + " string starting at offset " + position);
        }
        return end + 3;
    }

    /**
     * Reads {@code ['name']} or {@code [ "name" ]} as one name. A bracket followed by anything else (an array, an
     * index, or a name glued from several strings) is left to be read token by token.
     */
    private boolean bracketedName() {
        int i = skipWhitespace(position + 1);
        if (i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        int end;
        String name;
        if (c == '\'' || c == '"') {
            end = plainString(i, i);
            name = unescape(text.substring(i + 1, end - 1));
        } else if (c == '@' && i + 1 < text.length() && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"')) {
            end = verbatimString(i, i + 1);
            String quote = String.valueOf(text.charAt(i + 1));
            name = text.substring(i + 2, end - 1).replace(quote + quote, quote);
        } else {
            return false;
        }
        int close = skipWhitespace(end);
        if (close >= text.length() || text.charAt(close) != ']') {
            return false;
        }
        tokens.add(new KqlToken(KqlToken.Type.QUOTED_IDENTIFIER, name, position, close + 1));
        position = close + 1;
        return true;
    }

    private int skipWhitespace(int i) {
        while (i < text.length() && isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The value of a plain string's inside: {@code \'} is {@code '}, {@code \\} is {@code \}, and so on. */
    static String unescape(String inside) {
        StringBuilder value = new StringBuilder(inside.length());
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (c == '\\' && i + 1 < inside.length()) {
                char next = inside.charAt(++i);
                value.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    /** Numbers, timespans ({@code 1.5h}) and the digit-led names Kusto accepts ({@code 1_000}) are one token. */
    private void number() {
        int start = position;
        while (position < text.length()) {
            char c = text.charAt(position);
            boolean decimalPoint = c == '.' && Character.isDigit(peek(1));
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
        position++;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (Character.isLetterOrDigit(c) || c == '_') {
                position++;
            } else {
                break;
            }
        }
        if (position < text.length() && text.charAt(position) == '-') {
            position = dashedKeywordEnd(start, position);
        }
        String word = text.substring(start, position);
        if (word.equals("in") && position < text.length() && text.charAt(position) == '~') {
            position++;
            word = "in~";
        }
        if (word.equals("matches")) {
            // Kusto reads "matches regex" as one keyword, whitespace and all.
            int next = skipWhitespace(position);
            if (next > position && text.startsWith("regex", next) && (next + 5 == text.length()
                    || !Character.isLetterOrDigit(text.charAt(next + 5)) && text.charAt(next + 5) != '_')) {
                position = next + 5;
                word = "matches regex";
            }
        }
        if (position < text.length() && text.charAt(position) == '(' && TYPED_LITERALS.contains(word)) {
            typedLiteral(start);
            return;
        }
        // Kusto reads true and false in any case as boolean literals, never as names.
        boolean literal = word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false");
        tokens.add(new KqlToken(literal ? KqlToken.Type.LITERAL : KqlToken.Type.IDENTIFIER, word, start, position));
    }

    /** @return the end of the longest dashed keyword starting at {@code start}, or {@code wordEnd} if none */
    private int dashedKeywordEnd(int start, int wordEnd) {
        int limit = Math.min(text.length(), start + LONGEST_DASHED_KEYWORD);
        int best = wordEnd;
        int i = wordEnd;
        while (i < limit) {
            char c = text.charAt(i);
            if (c != '-' && !Character.isLetter(c)) {
                break;
            }
            i++;
            boolean wordBoundary = i >= text.length() || !Character.isLetterOrDigit(text.charAt(i))
                    && text.charAt(i) != '_' && text.charAt(i) != '-';
            if (wordBoundary && DASHED_KEYWORDS.contains(text.substring(start, i))) {
                best = i;
            }
        }
        return best;
    }

    /** {@code datetime(2024-01-01)}: one token up to the first {@code )}, which must be on the same line. */
    private void typedLiteral(int start) {
        int i = position + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ')') {
                add(KqlToken.Type.LITERAL, start, i + 1);
                return;
            }
            if (endsComment(c)) {
                break;
            }
            i++;
        }
        throw new KqlSyntaxException("unterminated literal '" + text.substring(start, position + 1)
                + "' at offset " + start + " (it must close with ')' on the same line)");
    }

    private void operator() {
        for (String operator : OPERATORS) {
            if (text.startsWith(operator, position)) {
                tokens.add(new KqlToken(KqlToken.Type.PUNCTUATION, operator, position, position + operator.length()));
                position += operator.length();
                return;
            }
        }
        char c = text.charAt(position);
        throw new KqlSyntaxException("unexpected character " + describe(c) + " at offset " + position);
    }

    private static String describe(char c) {
        String code = String.format("U+%04X", (int) c);
        return Character.isISOControl(c) || Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT
                || c == '\u2028' || c == '\u2029' ? code : "'" + c + "' (" + code + ")";
    }
}
