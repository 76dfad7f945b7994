package io.secai.kql.guard;

import java.util.Set;

/**
 * Where the guard appends its {@code take}: after the last statement's last token, or before a final
 * {@code render}, which must stay last; nowhere when the statement bounds its rows within the maximum itself
 * ({@code take 50}, {@code summarize} without {@code by}, {@code count}), unless an operator after the bound can
 * multiply rows again ({@code join}, {@code mv-expand}, ...).
 */
final class RowCap {
    private static final Set<String> BOUNDING_OPERATORS =
            Set.of("take", "limit", "top", "count", "top-nested", "top-hitters", "sample", "sample-distinct",
                    "getschema");
    /** Bounding operators whose first argument is the row count. */
    private static final Set<String> COUNTED_OPERATORS = Set.of("take", "limit", "top", "sample", "sample-distinct",
            "top-hitters");
    private static final Set<String> MULTIPLYING_OPERATORS =
            Set.of("join", "mv-expand", "mv-apply", "union", "lookup", "make-series", "fork", "facet");

    /**
     * Where to append a {@code take}, or -1; and whether the query bounded its rows itself (above the maximum).
     *
     * @param insertAt the character offset to insert at, or -1 for none
     * @param beforeRender whether the insertion goes before a final {@code render}
     * @param bounded whether the query bounds its rows itself
     * @param asked how many rows it asks for when that is above the maximum or unknown, else empty
     */
    record Bound(int insertAt, boolean beforeRender, boolean bounded, String asked) {
        static final Bound NONE = new Bound(-1, false, false, "");
    }

    private final TokenLayout layout;
    private final TokenCursor cursor;
    private final int maxRows;

    RowCap(TokenLayout layout, int maxRows) {
        this.layout = layout;
        this.cursor = layout.cursor;
        this.maxRows = maxRows;
    }

    Bound bound() {
        int[] depth = layout.depth;
        int last = layout.tokens.size() - 1;
        while (last >= 0 && cursor.isPunct(last, ";") && depth[last] == 0) {
            last--;
        }
        if (last < 0) {
            return Bound.NONE;
        }
        int start = 0;
        for (int s : layout.statementStarts) {
            if (s <= last) {
                start = s;
            }
        }
        if (cursor.isWord(start, "let") || cursor.isWord(start, "set") || cursor.isWord(start, "declare")) {
            return Bound.NONE;
        }
        boolean bounded = cursor.isWord(start, "print") || cursor.isWord(start, "count");
        String asked = "";
        int renderPipe = -1;
        for (int i = start; i <= last; i++) {
            if (depth[i] != 0 || !cursor.isPunct(i, "|") || cursor.at(i + 1) == null) {
                continue;
            }
            String operator = cursor.at(i + 1).text();
            if (BOUNDING_OPERATORS.contains(operator)
                    || operator.equals("summarize") && !summarizeHasBy(i + 1)) {
                bounded = true;
                asked = rowsAskedAbove(i + 1, operator);
            } else if (MULTIPLYING_OPERATORS.contains(operator)) {
                bounded = false;
            } else if (operator.equals("render")) {
                renderPipe = i;
            }
        }
        if (bounded && asked.isEmpty()) {
            return Bound.NONE;
        }
        int insertAt = renderPipe >= 0 ? cursor.at(renderPipe).offset() : cursor.at(last).end();
        return new Bound(insertAt, renderPipe >= 0, bounded, asked);
    }

    /** @return how many rows the operator asks for when that is above the maximum or unknown, else "" */
    private String rowsAskedAbove(int operatorAt, String operator) {
        if (operator.equals("top-nested")) {
            return "an unknown number of";
        }
        if (!COUNTED_OPERATORS.contains(operator)) {
            return "";
        }
        KqlToken count = cursor.at(operatorAt + 1);
        if (count == null || count.type() != KqlToken.Type.NUMBER) {
            return "an unknown number of";
        }
        try {
            return Long.parseLong(count.text()) <= maxRows ? "" : count.text();
        } catch (NumberFormatException e) {
            return count.text();
        }
    }

    private boolean summarizeHasBy(int summarizeAt) {
        for (int j = summarizeAt + 1; j < layout.tokens.size(); j++) {
            if (layout.depth[j] == 0 && (cursor.isPunct(j, "|") || cursor.isPunct(j, ";"))) {
                return false;
            }
            if (layout.depth[j] == 0 && cursor.isWord(j, "by")) {
                return true;
            }
        }
        return false;
    }
}
