package io.secai.terminal.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws a table to fit a terminal width. A table that fits is drawn as it is; a wider one has its widest columns
 * narrowed, their cells cut with an ellipsis, but no column below {@link #READABLE_WIDTH} (a title cut to
 * "Rare Ac…" says nothing); a table that cannot keep that much of every column is shown vertically, one block of
 * {@code column │ value} lines per row, a long value wrapped over up to {@link #VALUE_LINES} lines and then cut with
 * a pointer to the command that shows the row in full.
 */
public final class TableRenderer {
    /** No column is narrowed below this, so that cut cells still say something. */
    static final int MIN_COLUMN_WIDTH = 6;
    /** A header wider than its values is cut no shorter than this, so that it stays recognisable. */
    static final int HEADER_FLOOR = 8;
    /** A cut column keeps at least this many columns of its values, or the table goes vertical. */
    static final int READABLE_WIDTH = 16;
    /** Lines a value may wrap over in a vertical block before it is cut. */
    static final int VALUE_LINES = 3;

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
        return render(columns, rows, width, null).lines();
    }

    /**
     * The lines of a table, and whether any cell was cut.
     *
     * @param lines the lines to print
     * @param cut whether some cell is not shown whole
     */
    public record Rendered(List<String> lines, boolean cut) {
    }

    /**
     * @param columns the columns
     * @param rows cell texts, one per column; untrusted text is sanitised here
     * @param width the terminal width
     * @param fullRowCommand how to see row N whole, such as {@code "show %d"}; named where a vertical value is cut;
     *     null for no pointer
     * @return the lines to print, and whether a cell was cut
     */
    public Rendered render(List<Column> columns, List<List<String>> rows, int width, String fullRowCommand) {
        if (columns.isEmpty()) {
            return new Rendered(List.of(), false);
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
            return new Rendered(horizontal(columns, headers, cells, widths), false);
        }
        int[] floors = new int[widths.length];
        for (int i = 0; i < widths.length; i++) {
            // A header may be cut down to HEADER_FLOOR over short values; values keep READABLE_WIDTH.
            floors[i] = columns.get(i).keepWhole() ? widths[i]
                    : Math.min(widths[i], Math.max(Math.min(content[i], READABLE_WIDTH), HEADER_FLOOR));
        }
        int[] fitted = fit(widths, content, floors, width - separators);
        if (fitted == null) {
            return vertical(columns, headers, cells, width, fullRowCommand);
        }
        boolean cut = false;
        for (int i = 0; i < fitted.length; i++) {
            cut |= fitted[i] < content[i];
        }
        return new Rendered(horizontal(columns, headers, cells, fitted), cut);
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

    private Rendered vertical(List<Column> columns, List<String> headers, List<List<String>> cells, int width,
                              String fullRowCommand) {
        int labelWidth = 1;
        for (String header : headers) {
            labelWidth = Math.max(labelWidth, TextWidth.of(header));
        }
        labelWidth = Math.min(labelWidth, Math.max(8, width / 3));
        int valueWidth = Math.max(MIN_COLUMN_WIDTH, width - 1 - labelWidth - 3);
        String bar = style.dim(String.valueOf(style.bar()));
        String blankLabel = " ".repeat(labelWidth);
        List<String> lines = new ArrayList<>();
        boolean anyCut = false;
        for (int r = 0; r < cells.size(); r++) {
            String title = style.rule() + "[ " + (r + 1) + " ]";
            int ruleLength = Math.max(0, Math.min(width, labelWidth + valueWidth + 4) - TextWidth.of(title));
            lines.add(style.dim(title + String.valueOf(style.rule()).repeat(ruleLength)));
            List<String> row = cells.get(r);
            String more = fullRowCommand == null ? "" : " (" + String.format(java.util.Locale.ROOT, fullRowCommand,
                    r + 1) + ")";
            for (int i = 0; i < columns.size(); i++) {
                String label = TextWidth.pad(TextWidth.cut(headers.get(i), labelWidth, style.ellipsis()),
                        labelWidth, false);
                List<String> parts = columns.get(i).keepWhole() ? List.of(row.get(i))
                        : wrap(row.get(i), valueWidth, more);
                anyCut |= !columns.get(i).keepWhole() && !String.join("", parts).equals(row.get(i));
                for (int p = 0; p < parts.size(); p++) {
                    lines.add(stripTrailing(" " + (p == 0 ? style.bold(label) : blankLabel) + " " + bar + " "
                            + parts.get(p)));
                }
            }
        }
        return new Rendered(lines, anyCut);
    }

    /** A value over up to {@link #VALUE_LINES} lines; a longer one is cut with an ellipsis and the pointer. */
    private List<String> wrap(String value, int width, String more) {
        List<String> parts = new ArrayList<>(VALUE_LINES);
        String rest = value;
        while (!rest.isEmpty() && parts.size() < VALUE_LINES) {
            if (TextWidth.of(rest) <= width) {
                parts.add(rest);
                return parts;
            }
            if (parts.size() == VALUE_LINES - 1) {
                String tail = TextWidth.of(more) * 2 < width ? style.ellipsis() + more : style.ellipsis();
                parts.add(TextWidth.take(rest, Math.max(1, width - TextWidth.of(tail))) + tail);
                return parts;
            }
            String piece = TextWidth.take(rest, width);
            parts.add(piece);
            rest = rest.substring(piece.length());
        }
        if (parts.isEmpty()) {
            parts.add("");
        }
        return parts;
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
