package io.secai.engine.privacy;

import java.util.ArrayList;
import java.util.List;

/** One line of comma-separated values, read and written back with double-quote escaping. */
final class Csv {

    /** @param text the cell's value @param quoted whether it was quoted, and so is written quoted */
    record Cell(String text, boolean quoted) {
    }

    private Csv() {
    }

    static List<Cell> parse(String line) {
        List<Cell> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                cells.add(new Cell(cell.toString(), wasQuoted));
                cell.setLength(0);
                wasQuoted = false;
            } else {
                cell.append(c);
            }
        }
        cells.add(new Cell(cell.toString(), wasQuoted));
        return cells;
    }

    static String write(List<Cell> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String text = cells.get(i).text();
            if (cells.get(i).quoted() || text.indexOf(',') >= 0 || text.indexOf('"') >= 0) {
                line.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                line.append(text);
            }
        }
        return line.toString();
    }
}
