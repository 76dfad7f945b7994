package io.secai.terminal.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.secai.api.ResultTable;

/**
 * One row of a result in full, for {@code show N}: every column, whatever its length; JSON values (entities,
 * dynamic columns) pretty-printed; long lines wrapped at the width, never cut.
 */
public final class RowView {
    // Trailing text after a JSON value ("[1] and more") makes the cell plain text: nothing may be dropped.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** A value longer than this, or on several lines, gets lines of its own below its column's name. */
    private static final int INLINE_LIMIT = 60;

    private final Style style;

    /** @param style ANSI or plain */
    public RowView(Style style) {
        this.style = style;
    }

    /**
     * @param table the result
     * @param number the row, from 1
     * @param width the terminal width
     * @return the lines to print
     * @throws IllegalArgumentException when the table has no such row
     */
    public List<String> lines(ResultTable table, int number, int width) {
        if (number < 1 || number > table.rows().size()) {
            throw new IllegalArgumentException("The last result has " + Plural.of(table.rows().size(), "row")
                    + "; show takes a number from 1 to " + table.rows().size() + ".");
        }
        List<Object> row = table.rows().get(number - 1);
        List<String> lines = new ArrayList<>();
        lines.add(style.bold("Row " + number + " of " + table.rows().size()));
        int labelWidth = 1;
        for (ResultTable.Column column : table.columns()) {
            labelWidth = Math.max(labelWidth, TextWidth.of(TextWidth.singleLine(column.name())));
        }
        labelWidth = Math.min(labelWidth, 30);
        for (int i = 0; i < table.columns().size(); i++) {
            ResultTable.Column column = table.columns().get(i);
            String name = TextWidth.singleLine(column.name());
            String value = TextWidth.sanitize(text(i < row.size() ? row.get(i) : null, column.type()));
            if (!value.contains("\n") && TextWidth.of(value) <= INLINE_LIMIT
                    && TextWidth.of(name) <= labelWidth) {
                lines.add(" " + style.bold(TextWidth.pad(name, labelWidth, false)) + " " + style.dim(
                        String.valueOf(style.bar())) + " " + value);
                continue;
            }
            lines.add(" " + style.bold(name) + style.dim(" (" + column.type().name().toLowerCase(Locale.ROOT) + ")"));
            for (String line : value.split("\n", -1)) {
                lines.addAll(wrap("   ", line, width));
            }
        }
        return lines;
    }

    /** A cell as text; JSON (a dynamic column, or text that parses as an object or array) pretty-printed. */
    static String text(Object value, ResultTable.ColumnType type) {
        if (value == null) {
            return "";
        }
        String text = OutcomeRenderer.cell(value);
        String trimmed = text.strip();
        if (type == ResultTable.ColumnType.DYNAMIC || trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                if (node != null && node.isContainerNode()) {
                    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
                }
            } catch (JsonProcessingException e) {
                return text;
            }
        }
        return text;
    }

    private static List<String> wrap(String indent, String line, int width) {
        int room = Math.max(10, width - TextWidth.of(indent) - 1);
        List<String> lines = new ArrayList<>();
        String rest = line;
        do {
            String piece = TextWidth.take(rest, room);
            if (piece.isEmpty()) {
                piece = rest.substring(0, Character.charCount(rest.codePointAt(0)));
            }
            lines.add(indent + piece);
            rest = rest.substring(piece.length());
        } while (!rest.isEmpty());
        return lines;
    }
}
