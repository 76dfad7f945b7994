package io.secai.kql.guard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a query's {@link QueryShape} from its tokens, without a schema. The differential test holds this reading
 * against Microsoft's parser, so the rules here name Kusto's syntax: a pipeline's first name, a statement, union,
 * join or lookup operand, a lone {@code in (...)} operand; an operator keyword after a pipe or opening a statement or
 * subquery; a name followed by {@code (} that is not a keyword.
 */
final class ShapeReader {
    /** Operator keywords Kusto parses as query operators. */
    private static final Set<String> OPERATORS = Set.of("as", "consume", "count", "distinct", "evaluate", "extend",
            "facet", "find", "fork", "getschema", "invoke", "join", "limit", "lookup", "make-series", "mv-apply",
            "mv-expand", "order", "parse", "parse-where", "parse-kv", "partition", "project", "project-away",
            "project-keep", "project-rename", "project-reorder", "project-smart", "reduce", "render", "sample",
            "sample-distinct", "scan", "search", "serialize", "sort", "summarize", "take", "top", "top-hitters",
            "top-nested", "union", "where", "filter", "range", "print", "macro-expand", "graph-match", "make-graph",
            "graph-to-table", "graph-merge", "graph-shortest-paths", "graph-mark-components", "assert-schema");
    /** Keywords that may be followed by {@code (} without being a call. */
    private static final Set<String> NOT_CALLS = Set.of("dynamic", "typeof", "toscalar", "materialize",
            "datatable", "externaldata", "external_data", "external_table", "in", "in~", "has_any", "has_all",
            "between", "with", "on", "by", "view", "and", "or", "kind", "of", "declare", "query_parameters", "let",
            "set", "pattern", "alias", "restrict", "access", "to", "step", "from");

    private final List<KqlToken> tokens;
    private final TokenCursor cursor;
    private final int[] depth;
    private final List<Integer> statementStarts;
    private final Set<String> defined = new HashSet<>();
    /** Whether the token is inside the operand list of a {@code union} at its own level. */
    private final boolean[] inUnionList;

    ShapeReader(List<KqlToken> all) {
        TokenLayout layout = new TokenLayout(all.stream().filter(t -> t.type() != KqlToken.Type.DIRECTIVE).toList());
        this.tokens = layout.tokens;
        this.cursor = layout.cursor;
        this.depth = layout.depth;
        this.statementStarts = layout.statementStarts;
        this.inUnionList = new boolean[tokens.size()];
        boolean[] unionOpen = new boolean[tokens.size() + 2];
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            int level = depth[i];
            if (token.is("|") || token.is(";")) {
                unionOpen[level] = false;
            } else if (token.isWord("union") && !cursor.isPunct(i - 1, ".")) {
                unionOpen[level] = true;
            }
            inUnionList[i] = unionOpen[level];
            if (token.is("(") || token.is("[") || token.is("{")) {
                unionOpen[level + 1] = false;
            }
        }
    }

    QueryShape read() {
        collectDefinedNames();
        Set<String> tables = new LinkedHashSet<>();
        List<String> operators = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        Set<Integer> starts = new HashSet<>(statementStarts);
        for (int i = 0; i < tokens.size(); i++) {
            KqlToken token = tokens.get(i);
            if (token.is("*") && (cursor.isWord(i - 1, "union") || cursor.isPunct(i - 1, ",") || isParameterValue(i - 1))
                    && operandHead(i - 1) >= 0) {
                tables.add("*");
            }
            if (!cursor.isName(i)) {
                continue;
            }
            boolean afterDot = cursor.isPunct(i - 1, ".");
            boolean functionNamedLikeOperator = (token.text().equals("count") || token.text().equals("range"))
                    && cursor.isPunct(i + 1, "(");
            if (token.type() == KqlToken.Type.IDENTIFIER && OPERATORS.contains(token.text()) && !afterDot
                    && (cursor.isPunct(i - 1, "|") || !functionNamedLikeOperator && (starts.contains(i)
                    || cursor.isPunct(i - 1, "(") || cursor.isPunct(i - 1, "{") || isLetValue(i)))) {
                operators.add(token.text());
                continue;
            }
            if (cursor.isPunct(i + 1, "(")) {
                if (isParameterValue(i)) {
                    continue;
                }
                if (token.type() == KqlToken.Type.IDENTIFIER && !NOT_CALLS.contains(token.text())
                        && !OPERATORS.contains(token.text()) || isCallableOperatorWord(i)) {
                    if (!isPartitionKey(i)) {
                        calls.add(token.text());
                    }
                }
                continue;
            }
            // "let | where ..." reads a table called let: a statement word not followed by its statement is a name.
            boolean keywordAsName = starts.contains(i) && cursor.isPunct(i + 1, "|")
                    && Set.of("let", "set", "declare", "alias", "pattern", "restrict").contains(token.text());
            if (!afterDot && isSource(i, starts) && !defined.contains(token.text())
                    && (!isKeyword(i) || keywordAsName)) {
                tables.add(cursor.isPunct(i + 1, "*") && tokens.get(i + 1).offset() == token.end()
                        ? token.text() + "*" : token.text());
            }
        }
        return new QueryShape(new ArrayList<>(tables), operators, calls);
    }

    /** {@code kind=inner (...)}, {@code hint.strategy=broadcast (...)}: a parameter's value, not a call. */
    private boolean isParameterValue(int i) {
        return cursor.isPunct(i - 1, "=") && cursor.isName(i - 2) && (cursor.isWord(i - 3, "join") || cursor.isWord(i - 3, "lookup")
                || cursor.isWord(i - 3, "union") || cursor.isPunct(i - 3, ".") || cursor.isWord(i - 2, "kind") || isParameterValue(i - 3));
    }

    /** {@code count()}, {@code range(...)}: operator words that are also functions. */
    private boolean isCallableOperatorWord(int i) {
        String word = tokens.get(i).text();
        return tokens.get(i).type() == KqlToken.Type.IDENTIFIER && (word.equals("count") || word.equals("range"))
                && !cursor.isPunct(i - 1, "|");
    }

    /** {@code partition by Key (subquery)}: the key is not a call. */
    private boolean isPartitionKey(int i) {
        for (int j = i - 1; j >= Math.max(0, i - 8); j--) {
            if (cursor.isWord(j, "partition")) {
                return cursor.isWord(i - 1, "by");
            }
            if (cursor.isPunct(j, "|")) {
                return false;
            }
        }
        return false;
    }

    private boolean isKeyword(int i) {
        KqlToken token = tokens.get(i);
        return token.type() == KqlToken.Type.IDENTIFIER && (KqlVocabulary.KEYWORDS.contains(token.text())
                || KqlVocabulary.TABULAR_OPERATORS.contains(token.text()));
    }

    private boolean isSource(int i, Set<Integer> starts) {
        if (starts.contains(i)) {
            // "T == 'x' | take 1" pipes an expression, not the table T.
            return i + 1 >= tokens.size() || cursor.isPunct(i + 1, "|") || cursor.isPunct(i + 1, ";") || cursor.isPunct(i + 1, "*");
        }
        if ((cursor.isPunct(i - 1, "(") || cursor.isPunct(i - 1, "{")) && cursor.isPunct(i + 1, "|")) {
            return true;
        }
        if (cursor.isPunct(i - 1, "{") && (cursor.isPunct(i + 1, "}") || cursor.isPunct(i + 1, ";"))) {
            return true;
        }
        int before = cursor.isPunct(i - 1, "(") ? i - 2 : i - 1;
        if (isLetValue(before + 1)) {
            return before == i - 1 || !cursor.isPunct(i + 1, ":");
        }
        if (cursor.isPunct(i - 1, "(") && cursor.isPunct(i + 1, ")") && (cursor.isWord(i - 2, "in") || cursor.isWord(i - 2, "in~"))
                && !cursor.isWord(i - 3, "search") && !cursor.isWord(i - 3, "find")) {
            return true;
        }
        int operand = before;
        int head = operandHead(operand);
        return head >= 0;
    }

    /** @return whether the token at {@code i} opens the value of {@code let name =} */
    private boolean isLetValue(int i) {
        return cursor.isPunct(i - 1, "=") && cursor.isName(i - 2) && cursor.isWord(i - 3, "let");
    }

    /**
     * @param i the token before a candidate operand (the candidate itself, or its opening parenthesis, follows it)
     * @return the index of the join, lookup or union the operand belongs to, or -1
     */
    private int operandHead(int i) {
        // Walk back over name=value parameters.
        int j = i;
        while (j >= 2 && cursor.isPunct(j - 1, "=") && (cursor.isName(j - 2) || tokens.get(j).type() != KqlToken.Type.PUNCTUATION)
                && !cursor.isPunct(j, ",")) {
            if (cursor.isName(j - 2) && cursor.isPunct(j - 3, ".") && cursor.isName(j - 4)) {
                j -= 5;
            } else {
                j -= 3;
            }
        }
        if (cursor.isWord(j, "join") || cursor.isWord(j, "lookup") || cursor.isWord(j, "union")) {
            return cursor.isPunct(j - 1, ".") ? -1 : j;
        }
        if (cursor.isPunct(i, ",") && inUnionList[i]) {
            return i;
        }
        return -1;
    }

    private void collectDefinedNames() {
        for (int i = 0; i < tokens.size(); i++) {
            if (cursor.isName(i) && (cursor.isPunct(i + 1, "=") && !cursor.isPunct(i - 1, ".") || cursor.isPunct(i + 1, ":"))) {
                defined.add(tokens.get(i).text());
            }
            if ((cursor.isWord(i, "let") || cursor.isWord(i, "as")) && cursor.isName(i + 1)) {
                defined.add(tokens.get(i + 1).text());
            }
        }
    }



}
