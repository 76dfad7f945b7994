package io.secai.terminal.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a table to fit a terminal width. A table that fits is drawn as it is; a wider one has its widest columns
 * narrowed, their cells cut with an ellipsis; a table too wide even then is shown vertically, one block of
 * {@code column │ value} lines per row, so that no value becomes unreadable.
 */
public final class TableRenderer {
    /** No column is narrowed below this, so that cut cells still say something. */
    static final int MIN_COLUMN_WIDTH = 6;
    /** A header wider than its values is cut no shorter than this, so that it stays recognisable. */
    static final int HEADER_FLOOR = 8;

    private final Style style;

    /** @param style ANSI or plain */
    public TableRenderer(Style style) {
        this.style = style;
    }

    /**
     * A column's header and how to show it.
     *
     * @param name the header
     * @param alignRight whether values align right (numbers)
     * @param keepWhole whether values must never be cut (identifiers the user types back, such as session ids)
     */
    public record Column(String name, boolean alignRight, boolean keepWhole) {
        /**
         * A column whose values may be cut to fit.
         *
         * @param name the header
         * @param alignRight whether values align right
         */
        public Column(String name, boolean alignRight) {
            this(name, alignRight, false);
        }
    }

    /**
     * @param columns the columns
     * @param rows cell texts, one per column; untrusted text is sanitised here
     * @param width the terminal width
     * @return the lines to print
     */
    public List<String> render(List<Column> columns, List<List<String>> rows, int width) {
        if (columns.isEmpty()) {
            return List.of();
        }
        List<String> headers = columns.stream().map(c -> TextWidth.singleLine(c.name())).toList();
        List<List<String>> cells = rows.stream()
                .map(row -> row.stream().map(cell -> TextWidth.singleLine(cell == null ? "" : cell)).toList())
                .toList();
        int[] content = contentWidths(cells, columns.size());
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(Math.max(1, content[i]), TextWidth.of(headers.get(i)));
        }
        int separators = 1 + 3 * (columns.size() - 1);
        if (sum(widths) + separators <= width) {
            return horizontal(columns, headers, cells, widths);
        }
        int[] floors = new int[widths.length];
        for (int i = 0; i < widths.length; i++) {
            floors[i] = columns.get(i).keepWhole() ? widths[i] : Math.min(widths[i], MIN_COLUMN_WIDTH);
        }
        int[] fitted = fit(widths, content, floors, width - separators);
        if (fitted == null) {
            return vertical(columns, headers, cells, width);
        }
        return horizontal(columns, headers, cells, fitted);
    }

    private static int[] contentWidths(List<List<String>> cells, int columns) {
        int[] widths = new int[columns];
        for (List<String> row : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], TextWidth.of(row.get(i)));
            }
        }
        return widths;
    }

    /**
     * Narrows columns until the total fits: first headers wider than their values (a long name over short numbers)
     * down to their values, then the widest columns first, none below its floor. Null when the floors alone are too
     * wide.
     */
    static int[] fit(int[] natural, int[] content, int[] floors, int available) {
        if (sum(floors) > available) {
            return null;
        }
        int[] widths = natural.clone();
        int excess = sum(widths) - available;
        for (int i = 0; i < widths.length && excess > 0; i++) {
            int floor = Math.max(floors[i], Math.max(content[i], HEADER_FLOOR));
            if (widths[i] > floor) {
                int step = Math.min(excess, widths[i] - floor);
                widths[i] -= step;
                excess -= step;
            }
        }
        while (excess > 0) {
            int widest = -1;
            for (int i = 0; i < widths.length; i++) {
                if (widths[i] > floors[i] && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            int next = floors[widest];
            for (int i = 0; i < widths.length; i++) {
                if (i != widest && widths[i] < widths[widest] && widths[i] > floors[i]) {
                    next = Math.max(next, widths[i]);
                }
            }
            int step = Math.min(excess, Math.max(1, widths[widest] - next));
            widths[widest] -= step;
            excess -= step;
        }
        return widths;
    }

    private List<String> horizontal(List<Column> columns, List<String> headers, List<List<String>> cells,
                                    int[] widths) {
        List<String> lines = new ArrayList<>(cells.size() + 2);
        lines.add(line(headers, widths, columns, true));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                rule.append(style.cross());
            }
            int segment = widths[i] + 1 + (i == widths.length - 1 ? 0 : 1);
            rule.append(String.valueOf(style.rule()).repeat(segment));
        }
        lines.add(style.dim(rule.toString()));
        for (List<String> row : cells) {
            lines.add(line(row, widths, columns, false));
        }
        return lines;
    }

    private String line(List<String> values, int[] widths, List<Column> columns, boolean header) {
        StringBuilder line = new StringBuilder(" ");
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                line.append(' ').append(style.dim(String.valueOf(style.bar()))).append(' ');
            }
            String cell = TextWidth.cut(values.get(i), widths[i], style.ellipsis());
            boolean last = i == widths.length - 1;
            boolean right = !header && columns.get(i).alignRight();
            String padded = last && !right ? cell : TextWidth.pad(cell, widths[i], right);
            line.append(header ? style.bold(padded) : padded);
        }
        return stripTrailing(line.toString());
    }

    private List<String> vertical(List<Column> columns, List<String> headers, List<List<String>> cells,
                                  int width) {
        int labelWidth = 1;
        for (String header : headers) {
            labelWidth = Math.max(labelWidth, TextWidth.of(header));
        }
        labelWidth = Math.min(labelWidth, Math.max(8, width / 3));
        int valueWidth = Math.max(MIN_COLUMN_WIDTH, width - 1 - labelWidth - 3);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < cells.size(); r++) {
            String title = style.rule() + "[ " + (r + 1) + " ]";
            int ruleLength = Math.max(0, Math.min(width, labelWidth + valueWidth + 4) - TextWidth.of(title));
            lines.add(style.dim(title + String.valueOf(style.rule()).repeat(ruleLength)));
            List<String> row = cells.get(r);
            for (int i = 0; i < columns.size(); i++) {
                String label = TextWidth.pad(TextWidth.cut(headers.get(i), labelWidth, style.ellipsis()),
                        labelWidth, false);
                String value = columns.get(i).keepWhole() ? row.get(i)
                        : TextWidth.cut(row.get(i), valueWidth, style.ellipsis());
                lines.add(stripTrailing(" " + style.bold(label) + " " + style.dim(String.valueOf(style.bar()))
                        + " " + value));
            }
        }
        return lines;
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }
}
