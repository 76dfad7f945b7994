package io.secai.kql.guard;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's tokens with what the guard's passes all need about their layout, computed once: the bracket depth of
 * each token, the deepest nesting, and where each top-level statement starts.
 */
final class TokenLayout {
    final List<KqlToken> tokens;
    final TokenCursor cursor;
    /** The bracket depth of each token; a closing bracket has the depth outside it. */
    final int[] depth;
    /** The index of each statement's first token (statements are split by a top-level {@code ;}). */
    final List<Integer> statementStarts = new ArrayList<>();
    final int maxDepth;

    TokenLayout(List<KqlToken> tokens) {
        this.tokens = tokens;
        this.cursor = new TokenCursor(tokens);
        this.depth = new int[tokens.size()];
        int level = 0;
        int deepest = 0;
        boolean atStart = true;
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            if (token.is(")") || token.is("]") || token.is("}")) {
                level = Math.max(0, level - 1);
            }
            depth[i] = level;
            if (token.is("(") || token.is("[") || token.is("{")) {
                level++;
                deepest = Math.max(deepest, level);
            }
            if (atStart && !token.is(";")) {
                statementStarts.add(i);
                atStart = false;
            }
            if (token.is(";") && level == 0) {
                atStart = true;
            }
        }
        this.maxDepth = deepest;
    }

    /** @return whether the token at {@code i} ends the operator at {@code level}: a pipe or semicolon there, or a close */
    boolean endsOperator(int i, int level) {
        return depth[i] < level || depth[i] == level && (cursor.isPunct(i, "|") || cursor.isPunct(i, ";"));
    }

    /** @return the first token after {@code name=value} and {@code name.sub=value} parameters starting at {@code i} */
    int afterParameters(int i) {
        while (true) {
            if (cursor.isName(i) && cursor.isPunct(i + 1, "=") && cursor.at(i + 2) != null) {
                i += 3;
            } else if (cursor.isName(i) && cursor.isPunct(i + 1, ".") && cursor.isName(i + 2)
                    && cursor.isPunct(i + 3, "=") && cursor.at(i + 4) != null) {
                i += 5;
            } else {
                return i;
            }
        }
    }
}
