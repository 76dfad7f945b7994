package io.secai.plugin.fetchurl.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Writes an element tree as Markdown. Code blocks are written verbatim in fences, tables as pipe tables, links as
 * their text only (their addresses cost tokens and say little to the model).
 */
final class MarkdownWriter {

    private static final Pattern LANGUAGE = Pattern.compile("(?:lang|language)-([A-Za-z0-9_+#-]+)");
    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0]+");

    private final Deadline deadline;

    /** @param deadline asked at every block: writing a multi-megabyte article is work like any other */
    MarkdownWriter(Deadline deadline) {
        this.deadline = deadline;
    }

    String write(Element root) {
        StringBuilder out = new StringBuilder();
        block(root, out, "");
        String text = BLANK_LINES.matcher(out.toString()).replaceAll("\n\n");
        return text.strip();
    }

    private void block(Element element, StringBuilder out, String indent) {
        deadline.check();
        StringBuilder inline = new StringBuilder();
        for (Node child : element.childNodes()) {
            if (child instanceof TextNode text) {
                inline.append(SPACES.matcher(text.getWholeText()).replaceAll(" "));
            } else if (child instanceof Element e) {
                if (isBlock(e)) {
                    flush(inline, out, indent);
                    blockElement(e, out, indent);
                } else {
                    inline(e, inline);
                }
            }
        }
        flush(inline, out, indent);
    }

    private void blockElement(Element e, StringBuilder out, String indent) {
        String tag = e.normalName();
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                String text = inlineText(e);
                if (!text.isEmpty()) {
                    paragraph(out, indent, "#".repeat(tag.charAt(1) - '0') + " " + text);
                }
            }
            case "pre" -> codeBlock(e, out, indent);
            case "ul", "ol" -> list(e, out, indent, tag.equals("ol"));
            case "table" -> table(e, out, indent);
            case "blockquote" -> {
                String inner = new MarkdownWriter(deadline).write(e);
                if (!inner.isEmpty()) {
                    paragraph(out, indent, "> " + inner.replace("\n", "\n> "));
                }
            }
            case "hr" -> paragraph(out, indent, "---");
            default -> {
                if (ListRows.isRow(e)) {
                    row(e, out, indent);
                } else {
                    block(e, out, indent);
                }
            }
        }
    }

    private void codeBlock(Element pre, StringBuilder out, String indent) {
        String code = pre.wholeText();
        if (code.isBlank()) {
            return;
        }
        code = code.replaceAll("^\n+", "").stripTrailing();
        String language = language(pre);
        for (Element code2 : pre.select("code")) {
            if (language.isEmpty()) {
                language = language(code2);
            }
        }
        String fence = code.contains("```") ? "~~~" : "```";
        paragraph(out, indent, fence + language + "\n" + code + "\n" + fence);
    }

    private static String language(Element e) {
        Matcher matcher = LANGUAGE.matcher(e.className());
        return matcher.find() ? matcher.group(1).toLowerCase(Locale.ROOT) : "";
    }

    private void list(Element list, StringBuilder out, String indent, boolean ordered) {
        int number = 1;
        StringBuilder items = new StringBuilder();
        for (Element item : list.children()) {
            if (!item.normalName().equals("li")) {
                continue;
            }
            String marker = ordered ? (number++) + ". " : "- ";
            String inner = new MarkdownWriter(deadline).write(item);
            if (inner.isEmpty()) {
                continue;
            }
            String pad = " ".repeat(marker.length());
            items.append(indent).append(marker).append(inner.replace("\n", "\n" + indent + pad)).append('\n');
        }
        if (items.length() > 0) {
            out.append('\n').append(items).append('\n');
        }
    }

    private void table(Element table, StringBuilder out, String indent) {
        List<List<String>> rows = new ArrayList<>();
        int width = 0;
        for (Element row : table.select("tr")) {
            if (row.closest("table") != table) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (Element cell : row.children()) {
                if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                    cells.add(new MarkdownWriter(deadline).write(cell).replace("\n", " ").replace("|", "\\|").strip());
                }
            }
            if (cells.stream().anyMatch(c -> !c.isEmpty())) {
                rows.add(cells);
                width = Math.max(width, cells.size());
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        if (width == 1) {
            for (List<String> row : rows) {
                paragraph(out, indent, row.get(0));
            }
            return;
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            text.append('|');
            for (int c = 0; c < width; c++) {
                text.append(' ').append(c < row.size() ? row.get(c) : "").append(" |");
            }
            text.append('\n');
            if (r == 0) {
                text.append("|").append(" --- |".repeat(width)).append('\n');
            }
        }
        paragraph(out, indent, text.toString().stripTrailing());
    }

    /** One item of a list page on one line, its cells kept in order, so that each date stays with its entry. */
    private void row(Element row, StringBuilder out, String indent) {
        StringBuilder line = new StringBuilder();
        for (Element cell : row.children()) {
            String text = inlineText(cell).replace("|", "\\|");
            if (!text.isEmpty()) {
                line.append(line.length() == 0 ? "" : " | ").append(text);
            }
        }
        if (line.length() > 0) {
            paragraph(out, indent, line.toString());
        }
    }

    private void inline(Element e, StringBuilder inline) {
        switch (e.normalName()) {
            case "br" -> inline.append('\n');
            case "code", "kbd", "samp" -> {
                String text = e.wholeText();
                if (!text.isBlank()) {
                    inline.append('`').append(SPACES.matcher(text.strip()).replaceAll(" ")).append('`');
                }
            }
            case "img" -> {
                // Images carry no text worth a token; their alt text is usually a caption repeated nearby.
            }
            default -> {
                for (Node child : e.childNodes()) {
                    if (child instanceof TextNode text) {
                        inline.append(SPACES.matcher(text.getWholeText()).replaceAll(" "));
                    } else if (child instanceof Element c) {
                        if (isBlock(c)) {
                            inline.append('\n').append(new MarkdownWriter(deadline).write(c)).append('\n');
                        } else {
                            inline(c, inline);
                        }
                    }
                }
            }
        }
    }

    private String inlineText(Element e) {
        StringBuilder inline = new StringBuilder();
        for (Node child : e.childNodes()) {
            if (child instanceof TextNode text) {
                inline.append(SPACES.matcher(text.getWholeText()).replaceAll(" "));
            } else if (child instanceof Element c) {
                inline(c, inline);
            }
        }
        return normalize(inline.toString()).replace('\n', ' ').strip();
    }

    private static void flush(StringBuilder inline, StringBuilder out, String indent) {
        String text = normalize(inline.toString());
        inline.setLength(0);
        if (!text.isBlank()) {
            paragraph(out, indent, text.strip());
        }
    }

    private static String normalize(String text) {
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String collapsed = SPACES.matcher(line).replaceAll(" ").strip();
            if (!collapsed.isEmpty()) {
                if (lines.length() > 0) {
                    lines.append('\n');
                }
                lines.append(collapsed);
            }
        }
        return lines.toString();
    }

    private static void paragraph(StringBuilder out, String indent, String text) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        out.append('\n').append(indent.isEmpty() ? text : indent + text.replace("\n", "\n" + indent)).append('\n');
    }

    static boolean isBlock(Element e) {
        return switch (e.normalName()) {
            case "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset",
                 "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
                 "main", "nav", "ol", "p", "pre", "section", "summary", "table", "ul", "tr", "td", "th", "tbody",
                 "thead", "tfoot", "caption", "center", "body", "html" -> true;
            default -> false;
        };
    }
}
