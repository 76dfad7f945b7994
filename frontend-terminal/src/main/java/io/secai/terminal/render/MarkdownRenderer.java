package io.secai.terminal.render;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

import io.secai.terminal.render.Style.Attr;
import io.secai.web.render.CodeAnswers;

/**
 * Renders Markdown for a terminal: parsed with commonmark (GFM tables included), then drawn from the syntax tree
 * with ANSI styling, paragraphs wrapped to the width, code kept as it is, tables fitted by {@link TableRenderer}.
 * All text is sanitised, because the Markdown comes from the model or from fetched pages.
 */
public final class MarkdownRenderer {
    private final Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
    private final Style style;
    private final TableRenderer tables;

    /** @param style ANSI or plain */
    public MarkdownRenderer(Style style) {
        this.style = style;
        this.tables = new TableRenderer(style);
    }

    /**
     * @param markdown the text
     * @param width the terminal width
     * @return the lines to print
     */
    public List<String> render(String markdown, int width) {
        List<String> lines = new ArrayList<>();
        blocks(parser.parse(CodeAnswers.fenced(markdown)), "", Math.max(20, width), lines, true);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * Renders a code block as this renderer does inside Markdown: a faint label, then the code indented.
     *
     * @param label what the code is (for example {@code KQL}), or empty
     * @param code the code
     * @return the lines to print
     */
    public List<String> codeBlock(String label, String code) {
        List<String> lines = new ArrayList<>();
        code("", label, code, lines);
        return lines;
    }

    private void blocks(Node parent, String prefix, int width, List<String> out, boolean separate) {
        boolean first = true;
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            if (!first && separate) {
                out.add(prefix.isBlank() ? "" : stripTrailing(prefix));
            }
            first = false;
            block(node, prefix, width, out);
        }
    }

    private void block(Node node, String prefix, int width, List<String> out) {
        int available = Math.max(10, width - TextWidth.of(prefix));
        if (node instanceof Heading heading) {
            Set<Attr> attrs = heading.getLevel() <= 2 ? EnumSet.of(Attr.BOLD, Attr.ACCENT) : EnumSet.of(Attr.BOLD);
            if (heading.getLevel() == 1) {
                attrs.add(Attr.UNDERLINE);
            }
            List<Span> spans = new ArrayList<>();
            inlines(heading, attrs, spans);
            if (!style.ansi()) {
                spans.add(0, new Span("#".repeat(heading.getLevel()) + " ", EnumSet.noneOf(Attr.class)));
            }
            wrap(spans, prefix, prefix, available, out);
        } else if (node instanceof Paragraph) {
            List<Span> spans = new ArrayList<>();
            inlines(node, EnumSet.noneOf(Attr.class), spans);
            wrap(spans, prefix, prefix, available, out);
        } else if (node instanceof FencedCodeBlock fenced) {
            code(prefix, fenced.getInfo() == null ? "" : fenced.getInfo().trim(), fenced.getLiteral(), out);
        } else if (node instanceof IndentedCodeBlock indented) {
            code(prefix, "", indented.getLiteral(), out);
        } else if (node instanceof BlockQuote) {
            blocks(node, prefix + style.dim(String.valueOf(style.bar())) + " ", width, out, true);
        } else if (node instanceof ListBlock list) {
            list(list, prefix, width, out);
        } else if (node instanceof ThematicBreak) {
            out.add(prefix + style.dim(String.valueOf(style.rule()).repeat(Math.min(available, 40))));
        } else if (node instanceof HtmlBlock html) {
            for (String line : TextWidth.sanitize(html.getLiteral()).split("\n")) {
                out.add(prefix + style.dim(line));
            }
        } else if (node instanceof TableBlock) {
            table(node, prefix, available, out);
        } else {
            blocks(node, prefix, width, out, true);
        }
    }

    private void list(ListBlock list, String prefix, int width, List<String> out) {
        int number = list instanceof OrderedList ordered && ordered.getMarkerStartNumber() != null
                ? ordered.getMarkerStartNumber() : 1;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            String marker = list instanceof OrderedList ? number++ + ". " : style.bullet() + " ";
            String indent = " ".repeat(TextWidth.of(marker));
            List<String> itemLines = new ArrayList<>();
            if (item instanceof ListItem) {
                blocks(item, "", width - TextWidth.of(prefix) - indent.length(), itemLines, !list.isTight());
            }
            if (itemLines.isEmpty()) {
                itemLines.add("");
            }
            for (int i = 0; i < itemLines.size(); i++) {
                String line = itemLines.get(i);
                String lead = i == 0 ? prefix + marker : prefix + indent;
                out.add(line.isEmpty() ? stripTrailing(lead) : lead + line);
            }
            if (!list.isTight() && item.getNext() != null) {
                out.add("");
            }
        }
    }

    private void code(String prefix, String label, String literal, List<String> out) {
        if (!label.isEmpty()) {
            out.add(prefix + style.dim(TextWidth.singleLine(label)));
        }
        String text = TextWidth.sanitize(literal);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        // Plain output indents code as Markdown does; a bar would read as part of KQL's own pipes.
        String gutter = style.ansi() ? style.dim(String.valueOf(style.bar())) + " " : "    ";
        for (String line : text.split("\n", -1)) {
            out.add(stripTrailing(prefix + gutter + style.code(line)));
        }
    }

    private void table(Node tableBlock, String prefix, int width, List<String> out) {
        List<TableRenderer.Column> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Node section = tableBlock.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (!(row instanceof TableRow)) {
                    continue;
                }
                List<String> cells = new ArrayList<>();
                boolean header = false;
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell tableCell) {
                        header = tableCell.isHeader();
                        cells.add(plainText(tableCell));
                        if (header) {
                            columns.add(new TableRenderer.Column(plainText(tableCell),
                                    tableCell.getAlignment() == TableCell.Alignment.RIGHT));
                        }
                    }
                }
                if (!header) {
                    while (cells.size() < columns.size()) {
                        cells.add("");
                    }
                    rows.add(cells.subList(0, columns.size()));
                }
            }
        }
        for (String line : tables.render(columns, rows, width)) {
            out.add(prefix + line);
        }
    }

    private static String plainText(Node node) {
        StringBuilder text = new StringBuilder();
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Text t) {
                text.append(t.getLiteral());
            } else if (child instanceof Code c) {
                text.append(c.getLiteral());
            } else if (child instanceof HtmlInline h) {
                text.append(h.getLiteral());
            } else if (child instanceof SoftLineBreak || child instanceof HardLineBreak) {
                text.append(' ');
            } else {
                text.append(plainText(child));
            }
        }
        return text.toString();
    }

    private void inlines(Node parent, Set<Attr> attrs, List<Span> out) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Text text) {
                out.add(new Span(TextWidth.singleLine(text.getLiteral()), attrs));
            } else if (node instanceof Code code) {
                out.add(new Span(TextWidth.singleLine(code.getLiteral()), with(attrs, Attr.CODE)));
            } else if (node instanceof Emphasis) {
                inlines(node, with(attrs, Attr.ITALIC), out);
            } else if (node instanceof StrongEmphasis) {
                inlines(node, with(attrs, Attr.BOLD), out);
            } else if (node instanceof Link link) {
                int before = out.size();
                inlines(node, with(attrs, Attr.UNDERLINE), out);
                String shown = out.subList(before, out.size()).stream().map(Span::text).reduce("", String::concat);
                String destination = TextWidth.singleLine(link.getDestination());
                if (!destination.isEmpty() && !destination.equals(shown)) {
                    out.add(new Span(" (" + destination + ")", with(attrs, Attr.DIM)));
                }
            } else if (node instanceof Image image) {
                out.add(new Span("[image: " + TextWidth.singleLine(plainText(image)) + "]", with(attrs, Attr.DIM)));
            } else if (node instanceof SoftLineBreak) {
                out.add(new Span(" ", attrs));
            } else if (node instanceof HardLineBreak) {
                out.add(Span.BREAK);
            } else if (node instanceof HtmlInline html) {
                out.add(new Span(TextWidth.singleLine(html.getLiteral()), attrs));
            } else {
                inlines(node, attrs, out);
            }
        }
    }

    private static Set<Attr> with(Set<Attr> attrs, Attr attr) {
        EnumSet<Attr> copy = attrs.isEmpty() ? EnumSet.noneOf(Attr.class) : EnumSet.copyOf(attrs);
        copy.add(attr);
        return copy;
    }

    /** Greedy word wrap over styled spans; words longer than a line are split. */
    private void wrap(List<Span> spans, String firstPrefix, String prefix, int width, List<String> out) {
        List<Span> words = new ArrayList<>();
        for (Span span : spans) {
            if (span == Span.BREAK) {
                words.add(span);
                continue;
            }
            int start = 0;
            String text = span.text();
            for (int i = 0; i <= text.length(); i++) {
                if (i == text.length() || text.charAt(i) == ' ') {
                    if (i > start) {
                        words.add(new Span(text.substring(start, i), span.attrs()));
                    }
                    if (i < text.length()) {
                        words.add(new Span(" ", span.attrs()));
                    }
                    start = i + 1;
                }
            }
        }
        StringBuilder line = new StringBuilder(firstPrefix);
        int used = 0;
        boolean pendingSpace = false;
        for (Span word : words) {
            if (word == Span.BREAK) {
                out.add(stripTrailing(line.toString()));
                line = new StringBuilder(prefix);
                used = 0;
                pendingSpace = false;
                continue;
            }
            if (word.text().equals(" ")) {
                pendingSpace = used > 0;
                continue;
            }
            String text = word.text();
            int w = TextWidth.of(text);
            if (used > 0 && used + (pendingSpace ? 1 : 0) + w > width) {
                out.add(stripTrailing(line.toString()));
                line = new StringBuilder(prefix);
                used = 0;
                pendingSpace = false;
            }
            if (pendingSpace) {
                line.append(' ');
                used++;
                pendingSpace = false;
            }
            while (w > width - used && width - used > 0 && used == 0) {
                String head = TextWidth.take(text, width);
                line.append(style.apply(word.attrs(), head));
                out.add(line.toString());
                line = new StringBuilder(prefix);
                text = text.substring(head.length());
                w = TextWidth.of(text);
            }
            line.append(style.apply(word.attrs(), text));
            used += w;
        }
        if (used > 0 || out.isEmpty()) {
            out.add(stripTrailing(line.toString()));
        }
    }

    private static String stripTrailing(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }

    /** A piece of text with its attributes; {@link #BREAK} is a hard line break. */
    private record Span(String text, Set<Attr> attrs) {
        static final Span BREAK = new Span("\n", EnumSet.noneOf(Attr.class));
    }
}
