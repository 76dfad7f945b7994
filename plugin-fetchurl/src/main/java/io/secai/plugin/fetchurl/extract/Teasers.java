package io.secai.plugin.fetchurl.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Recognises blocks that point at other pages rather than continue the article: a "related stories" block (a
 * heading that says so, followed by several items built alike) and an inline "Read more: ..." paragraph inside the
 * article's text. Both score well as text (teasers quote the other articles' openings), so the text measures alone
 * keep them; the model then reads other stories as if they were part of this one.
 */
final class Teasers {

    /** Headings that introduce links to other pages, in the languages the pages we read are mostly written in. */
    private static final Pattern RELATED_HEADING = Pattern.compile(
            "^(related|read (more|also|next)|see also|also read|more (from|on|about|stories|articles|news)|"
            + "recommended|you (may|might) (also )?(like|enjoy)|popular|trending|most read|"
            + "leia também|você (pode|também pode) gostar|veja também|lesen sie auch|mehr zum thema|"
            + "das könnte sie auch interessieren|à lire aussi|lire aussi|voir aussi|vous aimerez aussi|"
            + "te puede interesar|lee también|también te puede interesar|leggi anche|"
            + "potrebbe interessarti|"
            + "похожие|читайте также|相关|関連)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern RELATED_NAME = Pattern.compile(
            "related|recommend|more-stories|morestories|read-more|readmore|you-may|also-like|popular|trending");
    /** An inline teaser is a short paragraph, mostly one link. */
    private static final int INLINE_CHARS = 200;
    /** A teaser list has at least this many items built alike, holding this share of its text. */
    private static final int TEASER_ITEMS = 3;
    private static final double TEASER_SHARE = 0.6;
    /** How deep the first words of a teaser item are looked for. */
    private static final int OPENING_LEVELS = 8;

    private Teasers() {
    }

    /**
     * @param block a block beside or inside the article
     * @return whether it opens with a heading saying it lists other pages and then holds at least two items built
     *         alike (same tag and first class), each with a link
     */
    static boolean isRelatedBlock(Element block) {
        Element heading = null;
        int seen = 0;
        for (Element child : block.children()) {
            if (seen++ >= 2) {
                break;
            }
            if (child.normalName().matches("h[1-6]") || child.hasClass("title")) {
                heading = child;
                break;
            }
        }
        if (heading == null || !(RELATED_HEADING.matcher(heading.text().strip()).find()
                || RELATED_NAME.matcher(nameOf(heading)).find())) {
            return false;
        }
        Map<String, Integer> shapes = new HashMap<>();
        for (Element item : block.getAllElements()) {
            if (item != block && item != heading && item.selectFirst("a[href]") != null
                    && (item.normalName().equals("article") || item.normalName().equals("li")
                        || item.normalName().equals("div"))) {
                String shape = item.normalName() + "." + firstClass(item);
                if (shapes.merge(shape, 1, Integer::sum) >= 2) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param block a block beside or inside the article
     * @return whether most of its text sits in at least three items built alike (same tag and first class) that
     *         each open with a link: a list of other stories' headlines and openings, whatever its heading says
     */
    static boolean isTeaserList(Element block) {
        Map<String, List<Element>> shapes = new HashMap<>();
        for (Element item : block.children()) {
            if (opensWithALink(item)) {
                shapes.computeIfAbsent(item.normalName() + "." + firstClass(item), shape -> new ArrayList<>())
                        .add(item);
            }
        }
        for (List<Element> items : shapes.values()) {
            // Text is measured only for a candidate: measuring every block would cost the page's size once per
            // nesting level.
            if (items.size() >= TEASER_ITEMS) {
                int chars = 0;
                for (Element item : items) {
                    chars += item.text().length();
                }
                if (chars >= TEASER_SHARE * block.text().length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Follows the first child that holds text down to the first words: a link there opens the item. */
    private static boolean opensWithALink(Element item) {
        Element current = item;
        for (int level = 0; current != null && level < OPENING_LEVELS; level++) {
            if (current.normalName().equals("a") && current.hasAttr("href")) {
                return current.hasText();
            }
            if (hasOwnWords(current)) {
                return false;
            }
            Element next = null;
            for (Element child : current.children()) {
                if (child.hasText()) {
                    next = child;
                    break;
                }
            }
            current = next;
        }
        return false;
    }

    /** Whether text sits directly in the element; stops at the first word instead of copying all of it. */
    private static boolean hasOwnWords(Element element) {
        for (Node child : element.childNodes()) {
            if (child instanceof TextNode text && !text.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param paragraph a paragraph inside the article
     * @return whether it is a "Read more: other headline" line: short, led by such words, mostly link text
     */
    static boolean isInlineTeaser(Element paragraph) {
        String text = paragraph.text().strip();
        return text.length() < INLINE_CHARS && RELATED_HEADING.matcher(text).find()
                && MainContentExtractor.linkDensity(paragraph) >= 0.5;
    }

    private static String nameOf(Element element) {
        return (element.className() + " " + element.id()).toLowerCase(Locale.ROOT);
    }

    private static String firstClass(Element element) {
        String names = element.className().strip();
        int space = names.indexOf(' ');
        return space < 0 ? names : names.substring(0, space);
    }
}
