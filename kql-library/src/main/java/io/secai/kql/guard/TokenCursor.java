package io.secai.kql.guard;

import java.util.List;

/**
 * Reads a query's tokens by position, where a position before the first or past the last token simply matches
 * nothing: the guard, its read-only policy, its shape reader and the lint all look around a token this way.
 */
final class TokenCursor {

    private final List<KqlToken> tokens;

    TokenCursor(List<KqlToken> tokens) {
        this.tokens = tokens;
    }

    /** @return the token at {@code i}, or {@code null} outside the query */
    KqlToken at(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    /** @return whether the token at {@code i} is the punctuation (or operator) {@code value} */
    boolean isPunct(int i, String value) {
        KqlToken token = at(i);
        return token != null && token.is(value);
    }

    /** @return whether the token at {@code i} is a plain or bracketed name */
    boolean isName(int i) {
        KqlToken token = at(i);
        return token != null && (token.type() == KqlToken.Type.IDENTIFIER
                || token.type() == KqlToken.Type.QUOTED_IDENTIFIER);
    }

    /** @return whether the token at {@code i} is the word {@code word} */
    boolean isWord(int i, String word) {
        KqlToken token = at(i);
        return token != null && token.isWord(word);
    }
}
