package io.secai.plugin.fetchurl.extract;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * How much text, link text and which elements each element's subtree holds, measured in one pass and kept current
 * as elements are removed. Cleaning asks these questions of every container from the bottom up; asking jsoup
 * ({@code text()}, {@code select}) walks the whole subtree each time, which on deeply nested pages costs the
 * page's size times its depth (the 4.5 MB page of 500 nested divs took a minute that way).
 */
final class SubtreeStats {

    /** The sizes of one subtree. */
    static final class Counts {
        int chars;
        double linkChars;
        int commas;
        int paragraphs;
        int images;
        int items;
        int inputs;
        int pres;

        double linkDensity() {
            return chars == 0 ? 0 : Math.min(1, linkChars / chars);
        }

        private void add(Counts other, int sign) {
            chars += sign * other.chars;
            linkChars += sign * other.linkChars;
            commas += sign * other.commas;
            paragraphs += sign * other.paragraphs;
            images += sign * other.images;
            items += sign * other.items;
            inputs += sign * other.inputs;
            pres += sign * other.pres;
        }
    }

    private final Map<Element, Counts> counts = new IdentityHashMap<>();
    private final Element root;

    private SubtreeStats(Element root) {
        this.root = root;
    }

    static SubtreeStats measure(Element root) {
        SubtreeStats stats = new SubtreeStats(root);
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof Element element) {
                    stats.counts.put(element, new Counts());
                }
            }

            @Override
            public void tail(Node node, int depth) {
                Counts own;
                if (node instanceof TextNode text) {
                    String value = text.text().strip();
                    own = new Counts();
                    // The space jsoup's text() puts between words of neighbouring nodes.
                    own.chars = value.isEmpty() ? 0 : value.length() + 1;
                    own.commas = commas(value);
                } else if (node instanceof Element element) {
                    own = stats.counts.get(element);
                    switch (element.normalName()) {
                        case "p" -> own.paragraphs++;
                        case "img" -> own.images++;
                        case "li" -> own.items++;
                        case "input" -> own.inputs++;
                        case "pre" -> own.pres++;
                        case "a" -> own.linkChars = own.chars * (element.attr("href").startsWith("#") ? 0.3 : 1);
                        default -> {
                        }
                    }
                } else {
                    return;
                }
                if (node != stats.root && node.parent() instanceof Element parent) {
                    Counts parentCounts = stats.counts.get(parent);
                    if (parentCounts != null) {
                        parentCounts.add(own, 1);
                    }
                }
            }
        }, root);
        return stats;
    }

    /** Commas in Latin, CJK (full-width and ideographic) and Arabic script: a paragraph's clauses. */
    static int commas(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '\uff0c' || c == '\u3001' || c == '\u060c') {
                count++;
            }
        }
        return count;
    }

    /** @param element an element of the subtree @return its counts */
    Counts of(Element element) {
        Counts found = counts.get(element);
        return found == null ? new Counts() : found;
    }

    /** Removes an element from the tree and its sizes from its ancestors'. */
    void remove(Element element) {
        Counts removed = counts.get(element);
        if (removed != null) {
            for (Element ancestor = element.parent(); ancestor != null; ancestor = ancestor.parent()) {
                Counts counted = counts.get(ancestor);
                if (counted != null) {
                    counted.add(removed, -1);
                }
                if (ancestor == root) {
                    break;
                }
            }
        }
        element.remove();
    }
}
