package io.secai.plugin.fetchurl.extract;

import java.util.Objects;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * Rows of a list page (a changelog, an advisory list) laid out as repeated blocks: a row is a block of a few short
 * block cells and nothing else, standing among at least two neighbours built alike. Such a row is one item; written
 * cell by cell it becomes one paragraph per cell and the model can no longer tell which date goes with which entry.
 * All checks look at a bounded number of nodes, so they cost the same on a page of 50,000 siblings.
 */
final class ListRows {

    private static final int MAX_CELLS = 12;
    private static final int MAX_CELL_CHARS = 300;
    private static final int NEIGHBOURS = 2;
    private static final int MAX_CELL_ELEMENTS = 8;

    private ListRows() {
    }

    /** A block of 2..12 short leaf cells with at least two contiguous neighbours of the same tag, class and width. */
    static boolean isRow(Element element) {
        if (!isRowShape(element)) {
            return false;
        }
        int alike = countAlike(element, element.previousElementSibling(), true)
                + countAlike(element, element.nextElementSibling(), false);
        return alike >= NEIGHBOURS;
    }

    /** A short block that must not be dropped for its length: a cell of a row, or inside a data table's cell. */
    static boolean isCell(Element element) {
        Element parent = element.parent();
        if (parent != null && isRow(parent)) {
            return true;
        }
        Element cell = element.closest("td, th");
        Element table = cell == null ? null : cell.closest("table");
        return table != null && MainContentExtractor.isDataTable(table);
    }

    private static int countAlike(Element row, Element sibling, boolean backwards) {
        int count = 0;
        while (sibling != null && count < NEIGHBOURS && alike(row, sibling)) {
            count++;
            sibling = backwards ? sibling.previousElementSibling() : sibling.nextElementSibling();
        }
        return count;
    }

    private static boolean alike(Element row, Element other) {
        return other.normalName().equals(row.normalName()) && Objects.equals(other.className(), row.className())
                && other.childrenSize() == row.childrenSize() && isRowShape(other);
    }

    /**
     * A short block holding only phrasing or a few nested blocks (loose text is wrapped in a paragraph before
     * this runs), no heading, code, table or list. The walk stops after a few elements, whatever the cell's size.
     */
    private static boolean isCellShape(Element cell) {
        int[] elements = {0};
        int[] chars = {0};
        boolean[] ok = {true};
        cell.filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    chars[0] += text.getWholeText().strip().length();
                } else if (node instanceof Element e && (++elements[0] > MAX_CELL_ELEMENTS
                        || e.normalName().matches("h[1-6]|pre|table|ul|ol|dl|hr"))) {
                    ok[0] = false;
                }
                if (chars[0] > MAX_CELL_CHARS) {
                    ok[0] = false;
                }
                return ok[0] ? FilterResult.CONTINUE : FilterResult.STOP;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                return FilterResult.CONTINUE;
            }
        });
        return ok[0];
    }

    private static boolean isRowShape(Element element) {
        int cells = element.childrenSize();
        if (cells < 2 || cells > MAX_CELLS || !element.normalName().matches("div|section|article|p|li")) {
            return false;
        }
        for (Node node : element.childNodes()) {
            if (node instanceof TextNode text && !text.isBlank()) {
                return false;
            }
        }
        for (Element cell : element.children()) {
            if (!MarkdownWriter.isBlock(cell) || !isCellShape(cell)) {
                return false;
            }
        }
        return true;
    }
}
