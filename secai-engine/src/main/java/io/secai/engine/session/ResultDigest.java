package io.secai.engine.session;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.TaskResult;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A short stand-in for an earlier result that later prompts see instead of its rows or text: what it is, its
 * columns and row count, the first distinct values of its short columns (the identifiers a follow-up is likely to
 * name), its query and addresses. A task that needs the whole result asks for it by handle (see
 * {@link ContextWindow}); the digest only has to tell the planner which result holds what.
 */
final class ResultDigest {

    /** Distinct values shown per column. */
    private static final int VALUES_PER_COLUMN = 3;
    /** A cell longer than this (a description, a JSON document, an address) is not a key value. */
    private static final int KEY_VALUE_CHARS = 60;
    /** The key-values line stops growing here. */
    private static final int KEY_VALUES_CHARS = 600;
    private static final int FIRST_LINE_CHARS = 200;
    /** Enough of a query to tell what it read and how it filtered; the result's handle brings the rest. */
    private static final int QUERY_CHARS = 140;
    /** The planner's line stops growing here: enough for the ids a follow-up names, no more. */
    private static final int IDENTIFIERS_CHARS = 160;
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ].*");
    /** Columns a follow-up request names by value ("that incident", "those alerts"): ids and numbers. */
    private static final Pattern IDENTIFIER_COLUMN = Pattern.compile("(?i).*(id|ids|number)");

    private ResultDigest() {
    }

    /**
     * @param handle how the result is named ({@code r3})
     * @param result the result
     * @param brief only what the result is (its columns and size, or its first line): what a planner needs
     * @param latest whether the result is of the latest turn: a brief digest then also carries its first
     *               identifiers, because a follow-up ("that incident's alerts") names the latest answer's ids as
     *               inputs; an older result is named by its handle instead
     * @return the digest, a few lines
     */
    static String of(String handle, TaskResult result, boolean brief, boolean latest) {
        StringBuilder text = new StringBuilder("[").append(handle).append("]");
        if (!result.succeeded()) {
            text.append(" (the task failed)");
        }
        text.append(' ');
        if (result.table().isPresent()) {
            ResultTable table = result.table().get();
            text.append(table.totalRows()).append(table.totalRows() == 1 ? " row" : " rows")
                    .append(table.truncated() ? " (cut by the source)" : "").append("; columns: ")
                    .append(String.join(", ", table.columns().stream().map(ResultTable.Column::name).toList()));
            String keys = !brief ? keyValues(table, null, KEY_VALUES_CHARS)
                    : latest ? keyValues(table, IDENTIFIER_COLUMN, IDENTIFIERS_CHARS) : "";
            if (!keys.isEmpty()) {
                text.append(brief ? "\nIds: " : "\nKey values: ").append(keys);
            }
        } else {
            text.append(firstLine(result.markdown()));
        }
        for (Artifact artifact : brief ? List.<Artifact>of() : result.artifacts()) {
            if (artifact.kind() == Artifact.Kind.QUERY || artifact.kind() == Artifact.Kind.URL) {
                text.append('\n').append(artifact.label()).append(": ")
                        .append(cut(artifact.value().replaceAll("\\s*\\R\\s*", " ").strip(), QUERY_CHARS));
            }
        }
        return text.toString();
    }

    /**
     * The first distinct short values of each column (of the columns whose name {@code columns} matches, when
     * given), in column order, until the line is {@code limit} characters long.
     */
    private static String keyValues(ResultTable table, Pattern columns, int limit) {
        List<String> parts = new ArrayList<>();
        int length = 0;
        for (int column = 0; column < table.columns().size(); column++) {
            if (columns != null && !columns.matcher(table.columns().get(column).name()).matches()) {
                continue;
            }
            Set<String> distinct = new LinkedHashSet<>();
            boolean keyColumn = true;
            for (List<Object> row : table.rows()) {
                Object cell = column < row.size() ? row.get(column) : null;
                if (cell == null || cell.toString().isBlank()) {
                    continue;
                }
                String value = cell.toString().strip();
                if (value.length() > KEY_VALUE_CHARS || DATE_TIME.matcher(value).matches() || value.startsWith("{")
                        || value.startsWith("[") || value.contains("://")) {
                    keyColumn = false;
                    break;
                }
                distinct.add(value);
            }
            if (!keyColumn || distinct.isEmpty()) {
                continue;
            }
            List<String> shown = distinct.stream().limit(VALUES_PER_COLUMN).toList();
            String part = table.columns().get(column).name() + ": " + String.join(", ", shown)
                    + (distinct.size() > shown.size() ? " (+" + (distinct.size() - shown.size()) + " more)" : "");
            if (length + part.length() > limit) {
                parts.add("...");
                break;
            }
            parts.add(part);
            length += part.length() + 2;
        }
        return String.join("; ", parts);
    }

    private static String firstLine(String markdown) {
        for (String line : markdown.strip().split("\\R")) {
            String text = line.strip().replaceFirst("^#+\\s*", "");
            if (!text.isEmpty()) {
                return cut(text, FIRST_LINE_CHARS);
            }
        }
        return "(no text)";
    }

    private static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "...";
    }
}
