package io.secai.plugin.kql.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.ResultTable;

import java.util.List;

/**
 * What later prompts of the session see of a query result: the KQL, the column names and the first rows as
 * comma-separated values, cut at a row and character cap, so that values such as AlertIds or user names can be
 * reused without the whole result eating the token budget.
 */
public final class ResultContext {
    private static final int MIN_CELL_CHARS = 300;
    /** Longer JSON cells are cut as text: parsing them is not worth it for the part that fits. */
    private static final int MAX_JSON_CHARS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A date-time with zero milliseconds says the same without them. */
    private static final java.util.regex.Pattern ZERO_MILLIS = java.util.regex.Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\.0+Z$");

    private ResultContext() {
    }

    /**
     * @param kql the query that ran
     * @param table its rows
     * @param maxRows rows to include at most
     * @param maxChars characters to produce at most
     * @return the text
     */
    public static String render(String kql, ResultTable table, int maxRows, int maxChars) {
        StringBuilder text = new StringBuilder();
        text.append("KQL: ").append(kql.replaceAll("\\s*\\n\\s*", " ")).append('\n');
        text.append(table.rows().size()).append(table.truncated() ? " rows (capped)" : " rows").append('\n');
        if (table.columns().isEmpty()) {
            return cut(text, maxChars);
        }
        List<String> names = table.columns().stream().map(ResultTable.Column::name).toList();
        text.append(String.join(",", names)).append('\n');
        // A long cell (an alert's Entities JSON) may hold the very value a later prompt needs, so a small result
        // lets each cell use its share of the budget rather than a fixed cut.
        int cellCap = Math.max(MIN_CELL_CHARS, maxChars / Math.max(1, Math.min(maxRows, table.rows().size())));
        int shown = 0;
        for (List<Object> row : table.rows()) {
            if (shown >= maxRows) {
                break;
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(csv(row.get(i), cellCap));
            }
            if (text.length() + line.length() + 1 > maxChars) {
                break;
            }
            text.append(line).append('\n');
            shown++;
        }
        if (shown < table.rows().size()) {
            text.append("(").append(table.rows().size() - shown).append(" more rows not shown)\n");
        }
        return cut(text, maxChars);
    }

    /**
     * A JSON cell (an alert's Entities) without what carries no fact: the whitespace between tokens, null members
     * and the {@code $id} numbering of Azure's entity lists (a {@code $ref} to one keeps it). Anything that is not
     * a JSON object or array is returned as it is.
     */
    static String compactJson(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("[")) || trimmed.length() > MAX_JSON_CHARS) {
            return text;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            if (!trimmed.contains("\"$ref\"")) {
                strip(node);
            }
            return JSON.writeValueAsString(node);
        } catch (java.io.IOException notJson) {
            return text;
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("$id");
            List<String> nulls = new java.util.ArrayList<>();
            object.fields().forEachRemaining(field -> {
                if (field.getValue().isNull()) {
                    nulls.add(field.getKey());
                }
            });
            object.remove(nulls);
        }
        node.forEach(ResultContext::strip);
    }

    private static String cut(StringBuilder text, int maxChars) {
        return text.length() <= maxChars ? text.toString() : text.substring(0, maxChars);
    }

    private static String csv(Object value, int cellCap) {
        if (value == null) {
            return "";
        }
        String text = compactJson(ZERO_MILLIS.matcher(value.toString()).replaceFirst("$1Z"));
        if (text.length() > cellCap) {
            text = text.substring(0, cellCap) + "...";
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return '"' + text.replace("\"", "\"\"").replace("\n", " ") + '"';
        }
        return text;
    }
}
