package io.secai.plugin.fetchurl.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The clearing before scoring: caps the DOM depth, drops what is never content (scripts, navigation, hidden
 * elements, small forms), wraps loose text into paragraphs and, in the strict pass, removes blocks whose class, id
 * or role names a widget. No rule removes a block that holds the article (see {@link #holdsTheArticle}): names lie,
 * the amount of real text a block holds does not. Stateless.
 */
final class Boilerplate {

    private static final Set<String> NEVER_CONTENT = Set.of("script", "style", "noscript", "template", "svg",
            "canvas", "iframe", "object", "embed", "link", "meta", "nav", "footer", "aside", "button", "input",
            "select", "textarea", "label", "dialog", "menu", "video", "audio", "picture", "source", "map");
    private static final Pattern UNLIKELY = Pattern.compile(
            "-ad-|ai2html|banner|breadcrumb|combx|comment|community|cookie|consent|cover-wrap|disqus|extra|footer|"
            + "gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|"
            + "supplemental|ad-break|agegate|pagination|pager|popup|modal|newsletter|subscribe|share|sharing|"
            + "promo|toolbar|masthead|signup|paywall|tags|byline|author-info|skip-link|visually-hidden|"
            + "sr-only|screen-reader|print-only|feedback|rating|recirc|outbrain|taboola|trending|most-popular");
    /** Names so telling that a content-like word next to them (comment-content, share-body) does not save them. */
    private static final Pattern NEVER = Pattern.compile(
            "comment|disqus|cookie|consent|gdpr|newsletter|social|sharing|share-|-share|breadcrumb|"
            + "skip-link|sr-only|screen-reader|visually-hidden|paywall|related-|recirc|outbrain|taboola");
    private static final Pattern MAYBE = Pattern.compile("and|article|body|column|content|main|shadow|post|entry|story|text");
    private static final Set<String> UNLIKELY_ROLES = Set.of("menu", "menubar", "complementary", "navigation",
            "alert", "alertdialog", "dialog", "banner", "contentinfo", "search", "toolbar", "tablist");
    private static final Pattern HIDDEN_STYLE = Pattern.compile(
            "display\\s*:\\s*none|visibility\\s*:\\s*hidden", Pattern.CASE_INSENSITIVE);

    /**
     * Elements nested deeper than this are replaced by their text. Real articles sit a few dozen levels deep;
     * thousands of levels only come from broken or hostile markup, and every per-node measure would otherwise
     * cost time in proportion to the depth.
     */
    static final int MAX_DEPTH = 120;

    /** A block with at least this much text and this share of the page's is taken to hold the article. */
    private static final int ARTICLE_CHARS = 500;
    static final double ARTICLE_SHARE = 0.4;

    /** More text than a "please enable JavaScript" notice or a tracking pixel's fallback ever holds. */
    private static final int NOSCRIPT_TEXT = 100;

    /**
     * Replaces every element at {@link #MAX_DEPTH} that still has child elements by a paragraph of its text. The
     * replaced subtrees are disjoint, so this is linear in the size of the page.
     */
    static void capDepth(Element body, Deadline deadline) {
        List<Element> tooDeep = new ArrayList<>();
        List<Element> level = List.of(body);
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
            deadline.check();
            List<Element> next = new ArrayList<>();
            for (Element element : level) {
                next.addAll(element.children());
            }
            level = next;
        }
        for (Element element : level) {
            if (element.childrenSize() > 0) {
                tooDeep.add(element);
            }
        }
        for (Element element : tooDeep) {
            deadline.check();
            String text = element.text();
            element.empty();
            element.appendChild(new Element("p").text(text));
        }
    }

    static void removeNeverContent(Element body, Deadline deadline) {
        List<Node> comments = new ArrayList<>();
        body.forEachNode(node -> {
            if (node instanceof Comment) {
                comments.add(node);
            }
        });
        comments.forEach(Node::remove);
        wrapLooseText(body);
        SubtreeStats stats = SubtreeStats.measure(body);
        int total = stats.of(body).chars;
        for (Element element : new ArrayList<>(body.getAllElements())) {
            deadline.check();
            if (element == body || element.parent() == null) {
                continue;
            }
            String tag = element.normalName();
            if (tag.equals("aside") && (element.selectFirst("article") != null
                    || holdsTheArticle(stats.of(element), total))) {
                // Some sites put the article itself in an <aside>: judge by what it holds, not by its tag.
                element.unwrap();
            } else if (tag.equals("noscript") && element.selectFirst("p, article, main, section, h1, h2") != null
                    && element.text().length() > NOSCRIPT_TEXT) {
                // An unclosed <noscript> swallows the page after it: keep what it holds.
                element.unwrap();
            } else if (NEVER_CONTENT.contains(tag) || isHidden(element) || isSmallForm(element)) {
                element.remove();
            }
        }
    }

    /**
     * Text written straight into a container, lines separated by {@code <br>}, becomes paragraphs, so that it is
     * scored and cleaned like text in {@code <p>} elements.
     */
    private static void wrapLooseText(Element body) {
        for (Element container : new ArrayList<>(body.select("div, section, article, main, td, body"))) {
            if (!hasLooseText(container)) {
                continue;
            }
            List<Node> run = new ArrayList<>();
            for (Node child : new ArrayList<>(container.childNodes())) {
                // A link inside running text is part of the sentence: splitting there would hand the model
                // broken sentences. Only a link that wraps blocks (a teaser card) ends the run.
                boolean phrasing = child instanceof TextNode
                        || child instanceof Element e && !e.normalName().equals("br")
                        && (e.normalName().equals("a") ? !ContainerScores.hasBlockChild(e)
                            : !ContainerScores.BLOCKS.contains(e.normalName()) && !MarkdownWriter.isBlock(e));
                if (phrasing) {
                    run.add(child);
                } else {
                    wrap(run);
                    if (child instanceof Element e && e.normalName().equals("br")) {
                        e.remove();
                    }
                }
            }
            wrap(run);
        }
    }

    private static boolean hasLooseText(Element container) {
        for (Node child : container.childNodes()) {
            if (child instanceof TextNode text && !text.isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static void wrap(List<Node> run) {
        boolean hasText = run.stream().anyMatch(node -> node instanceof TextNode text ? !text.isBlank()
                : node instanceof Element e && e.hasText());
        if (hasText) {
            Element paragraph = new Element("p");
            run.get(0).before(paragraph);
            for (Node node : run) {
                paragraph.appendChild(node);
            }
        }
        run.clear();
    }

    private static boolean isSmallForm(Element element) {
        return element.normalName().equals("form") && element.select("p").size() < 3
                && element.text().length() < 500;
    }

    private static boolean isHidden(Element element) {
        return element.hasAttr("hidden") || "true".equalsIgnoreCase(element.attr("aria-hidden"))
                || HIDDEN_STYLE.matcher(element.attr("style")).find();
    }

    /**
     * Whether a block holds most of the page's readable text: then no class, id or role name (sidebar-wrapper,
     * hasHeaderImage, paywalled-content, share-..., role=tablist) may remove it, since removing it removes the
     * article. Widgets with such names hold a small share of a page's text, or mostly link text.
     */
    private static boolean holdsTheArticle(SubtreeStats.Counts counts, int total) {
        return counts.chars >= ARTICLE_CHARS && counts.chars >= ARTICLE_SHARE * total
                && counts.linkDensity() < 0.3;
    }

    static void removeUnlikely(Element body, Deadline deadline) {
        SubtreeStats stats = SubtreeStats.measure(body);
        int total = stats.of(body).chars;
        for (Element element : new ArrayList<>(body.getAllElements())) {
            deadline.check();
            if (element == body || element.parent() == null) {
                continue;
            }
            String tag = element.normalName();
            if (tag.equals("article") || tag.equals("main") || tag.equals("a") || tag.equals("table")
                    || tag.equals("tbody") || tag.equals("tr") || tag.equals("td") || tag.equals("th")
                    || tag.equals("pre") || tag.equals("code")) {
                continue;
            }
            // Custom elements (MathJax's mjx-container with its CtxtMenu class) and anything inside running text
            // are part of a sentence, never a widget to cut out of it.
            if (tag.indexOf('-') >= 0 || tag.equals("math") || element.parent().closest("p") != null) {
                continue;
            }
            if (holdsTheArticle(stats.of(element), total)) {
                continue;
            }
            String role = element.attr("role").toLowerCase(Locale.ROOT);
            if (UNLIKELY_ROLES.contains(role) || tag.equals("header") && !insideArticle(element)) {
                element.remove();
                continue;
            }
            String match = matchString(element);
            boolean never = NEVER.matcher(match).find();
            if ((never || UNLIKELY.matcher(match).find() && !MAYBE.matcher(match).find()) && element.selectFirst("article, main") == null
                    && element.selectFirst("pre") == null) {
                element.remove();
            }
        }
    }

    private static boolean insideArticle(Element element) {
        return element.closest("article, main") != null;
    }

    private static String matchString(Element element) {
        return (element.className() + " " + element.id()).toLowerCase(Locale.ROOT);
    }

    private Boilerplate() {
    }
}
