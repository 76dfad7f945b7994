package io.secai.plugin.fetchurl.extract;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

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
        Map<String, Integer> shapes = new HashMap<>();
        Map<String, Integer> chars = new HashMap<>();
        for (Element item : block.children()) {
            if (opensWithALink(item)) {
                String shape = item.normalName() + "." + firstClass(item);
                shapes.merge(shape, 1, Integer::sum);
                chars.merge(shape, item.text().length(), Integer::sum);
            }
        }
        int total = block.text().length();
        for (Map.Entry<String, Integer> shape : shapes.entrySet()) {
            if (shape.getValue() >= TEASER_ITEMS && chars.get(shape.getKey()) >= TEASER_SHARE * total) {
                return true;
            }
        }
        return false;
    }

    private static boolean opensWithALink(Element item) {
        for (Element element : item.getAllElements()) {
            if (element.normalName().equals("a") && element.hasAttr("href")) {
                return element.hasText();
            }
            if (element.ownText().strip().length() > 0) {
                return false;
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
