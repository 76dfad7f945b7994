package io.secai.kql.guard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The names a query defines itself, which the guard must never report as unknown: {@code let} names and
 * {@code | as} names (which can stand where a table does), and the columns it makes ({@code extend x = ...},
 * {@code summarize n = count()}, function parameters, {@code parse ... with} patterns, {@code range x from},
 * {@code withsource=}). Tokens that are such a definition are marked as classified, so that no later pass reads
 * them as a table or column.
 */
final class DefinedNames {
    private final TokenLayout layout;
    private final List<KqlToken> tokens;
    private final TokenCursor cursor;
    private final int[] depth;
    private final boolean[] classified;
    private final Set<String> lets = new HashSet<>();
    private final Set<String> columns = new HashSet<>();

    /**
     * @param layout the query's tokens
     * @param classified one flag per token, set here for the tokens that define a name
     */
    DefinedNames(TokenLayout layout, boolean[] classified) {
        this.layout = layout;
        this.tokens = layout.tokens;
        this.cursor = layout.cursor;
        this.depth = layout.depth;
        this.classified = classified;
        collect();
    }

    /** @return whether the query defines {@code name} with {@code let} or {@code as} (it may stand for a table) */
    boolean isLet(String name) {
        return lets.contains(name);
    }

    /** @return whether the query defines {@code name} in any way */
    boolean contains(String name) {
        return lets.contains(name) || columns.contains(name);
    }

    private void collect() {
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            if (cursor.isName(i) && (cursor.isPunct(i + 1, "=") || cursor.isPunct(i + 1, ":"))) {
                columns.add(token.text());
            }
            if ((token.isWord("withsource") || token.isWord("with_itemindex") || token.isWord("with_source"))
                    && cursor.isPunct(i + 1, "=") && cursor.isName(i + 2)) {
                columns.add(cursor.at(i + 2).text());
                classified[i + 2] = true;
            }
            if (token.isWord("let") && cursor.isName(i + 1)) {
                lets.add(cursor.at(i + 1).text());
                classified[i + 1] = true;
            }
            if (token.is(")") && cursor.isPunct(i + 1, "=")) {
                for (int j = i - 1; j >= 0 && depth[j] > depth[i]; j--) {
                    if (cursor.isName(j)) {
                        columns.add(cursor.at(j).text());
                    }
                }
            }
            if (token.isWord("as") && cursor.isPunct(i - 1, "|")) {
                int name = layout.afterParameters(i + 1);
                if (cursor.isName(name)) {
                    lets.add(cursor.at(name).text());
                    classified[name] = true;
                }
            }
            if (token.isWord("range") && cursor.isName(i + 1) && cursor.isWord(i + 2, "from")) {
                columns.add(cursor.at(i + 1).text());
            }
            if ((token.isWord("parse") || token.isWord("parse-where") || token.isWord("parse-kv"))
                    && cursor.isPunct(i - 1, "|")) {
                definePatternNames(i);
            }
        }
    }

    /** In {@code parse Col with * "x" Name "y" Other:int}, the names after {@code with} are new columns. */
    private void definePatternNames(int parseAt) {
        int level = depth[parseAt];
        boolean afterWith = false;
        for (int j = parseAt + 1; j < tokens.size(); j++) {
            if (layout.endsOperator(j, level)) {
                return;
            }
            if (cursor.isWord(j, "with") && depth[j] == level) {
                afterWith = true;
            } else if (afterWith && cursor.isName(j)) {
                columns.add(cursor.at(j).text());
                classified[j] = true;
            }
        }
    }
}
