package io.secai.plugin.fetchurl.extract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;
import org.jsoup.select.Elements;

/**
 * Finds the main content of an HTML page and writes it as Markdown.
 *
 * <p>The approach follows the readability family: drop what is never content ({@link Boilerplate}), score
 * paragraphs by their text and commas, credit their ancestors, discount link-heavy blocks, pick the best-scoring
 * container ({@link ContainerScores}), merge siblings that look like more of the same, then remove link lists,
 * widgets and teasers ({@link Teasers}) left inside it. Code blocks are protected throughout: documentation
 * samples must survive. Stateless and thread-safe.
 */
public final class MainContentExtractor {

    private static final Pattern SENTENCE_END = Pattern.compile("\\.( |$)");

    /** A header beside the article holding a paragraph and at most this much text is the article's title and lead. */
    private static final int LEAD_CHARS = 600;

    /** Marks the copy of the winning block inside the merged article; the writer ignores attributes. */
    private static final String TOP_MARK = "data-secai-top";

    private final ExtractionTuning tuning;

    /** An extractor with the shipped thresholds. */
    public MainContentExtractor() {
        this(ExtractionTuning.DEFAULTS);
    }

    /** @param tuning the thresholds */
    public MainContentExtractor(ExtractionTuning tuning) {
        this.tuning = tuning;
    }

    /**
     * @param html the page
     * @param url the page's address, to resolve relative links and to report
     * @return the title, the address and the main content as Markdown
     */
    public ExtractedPage extract(String html, String url) {
        return extract(html, url, Deadline.none());
    }

    /**
     * @param html the page
     * @param url the page's address, to resolve relative links and to report
     * @param deadline checked between units of work
     * @return the title, the address and the main content as Markdown
     * @throws ExtractionStoppedException when the deadline passes or the user cancels
     */
    public ExtractedPage extract(String html, String url, Deadline deadline) {
        Document document = parse(html, url, deadline);
        String title = title(document);
        Element content = mainContent(document, deadline);
        return new ExtractedPage(title, url, content == null ? "" : new MarkdownWriter(deadline).write(content));
    }

    /**
     * Parses the page element by element, checking the deadline as it goes: on a page of several megabytes the
     * parse alone can take longer than the whole limit on a loaded machine. Same tree as {@code Jsoup.parse}.
     */
    private static Document parse(String html, String url, Deadline deadline) {
        deadline.check();
        try (StreamParser parser = new StreamParser(Parser.htmlParser()).parse(html, url)) {
            int elements = 0;
            for (Iterator<Element> it = parser.iterator(); it.hasNext(); it.next()) {
                if ((++elements & 511) == 0) {
                    deadline.check();
                }
            }
            deadline.check();
            return parser.document();
        }
    }

    private static String title(Document document) {
        Element og = document.selectFirst("meta[property=og:title]");
        if (og != null && !og.attr("content").isBlank()) {
            return og.attr("content").strip();
        }
        if (!document.title().isBlank()) {
            return document.title().strip();
        }
        Element h1 = document.selectFirst("h1");
        return h1 == null ? "" : h1.text();
    }

    private Element mainContent(Document document, Deadline deadline) {
        Element body = document.body();
        if (body == null) {
            return null;
        }
        Boilerplate.capDepth(body, deadline);
        Boilerplate.removeNeverContent(body, deadline);
        Element strict = body.clone();
        Element article = pass(strict, true, deadline);
        if (article != null && article.text().length() >= 250) {
            return article;
        }
        deadline.check();
        Element relaxed = pass(body.clone(), false, deadline);
        if (relaxed != null && (article == null || relaxed.text().length() > article.text().length())) {
            return relaxed;
        }
        return article;
    }

    private Element pass(Element body, boolean strict, Deadline deadline) {
        if (strict) {
            Boilerplate.removeUnlikely(body, deadline);
        }
        Optional<ContainerScores> scores = ContainerScores.score(body, strict, deadline);
        if (scores.isEmpty()) {
            return body;
        }
        deadline.check();
        Element article = mergeSiblings(scores.get());
        clean(article, strict, deadline);
        return article;
    }

    /** The share of an element's text that is link text; in-page links ({@code #...}) count for less. */
    static double linkDensity(Element element) {
        int length = element.text().length();
        if (length == 0) {
            return 0;
        }
        double linkLength = 0;
        for (Element link : element.select("a")) {
            String href = link.attr("href");
            double coefficient = href.startsWith("#") ? 0.3 : 1;
            linkLength += link.text().length() * coefficient;
        }
        return Math.min(1, linkLength / length);
    }

    private Element mergeSiblings(ContainerScores scores) {
        Element top = scores.winner();
        Element parent = top.parent();
        if (parent == null) {
            return top;
        }
        double topScore = scores.of(top).orElse(0);
        double threshold = Math.max(10, topScore * tuning.siblingShare());
        List<Element> siblings = new ArrayList<>(parent.children());
        boolean[] appended = new boolean[siblings.size()];
        for (int i = 0; i < siblings.size(); i++) {
            Element sibling = siblings.get(i);
            boolean append = sibling == top;
            if (!append && !Teasers.isRelatedBlock(sibling) && !Teasers.isTeaserList(sibling)) {
                double bonus = !top.className().isEmpty() && top.className().equals(sibling.className())
                        ? topScore * tuning.siblingShare() : 0;
                OptionalDouble score = scores.of(sibling);
                String tag = sibling.normalName();
                if (score.isPresent() && score.getAsDouble() + bonus >= threshold) {
                    append = true;
                } else if (tag.equals("p") || tag.equals("pre") || tag.equals("ul") || tag.equals("ol")) {
                    String text = sibling.text();
                    double density = linkDensity(sibling);
                    append = tag.equals("pre")
                            || (text.length() > 80 && density < 0.25)
                            || (text.length() > 0 && text.length() <= 80 && density == 0
                                && SENTENCE_END.matcher(text).find());
                } else if (tag.equals("header") && i < siblings.indexOf(top) && isLead(sibling)) {
                    // The article's own header: its title and lead paragraph open the article.
                    append = true;
                } else if (tag.equals("table") && isDataTable(sibling)) {
                    // A recipe's ingredients or an indicator list beside the text belong to the article.
                    append = linkDensity(sibling) < 0.25 && !sibling.text().isBlank();
                }
            }
            appended[i] = append;
        }
        Element article = new Element("div");
        for (int i = 0; i < siblings.size(); i++) {
            Element sibling = siblings.get(i);
            // A heading is kept when the block it introduces is: it says what the following text is about.
            boolean heading = sibling.normalName().matches("h[2-6]") && i + 1 < siblings.size() && appended[i + 1]
                    && linkDensity(sibling) < 0.5;
            if (appended[i] || heading) {
                Element copy = sibling.clone();
                if (sibling == top) {
                    copy.attr(TOP_MARK, "");
                }
                if (sibling != top && sibling.normalName().equals("header")) {
                    // The title is reported on its own (ExtractedPage.title); the lead is what the header adds.
                    copy.select("h1").remove();
                }
                article.appendChild(copy);
            }
        }
        return article;
    }

    private void clean(Element article, boolean strict, Deadline deadline) {
        for (Element heading : new ArrayList<>(article.select("h1, h2, h3, h4, h5, h6"))) {
            if (strict && ContainerScores.classWeight(heading) < 0) {
                heading.remove();
            }
        }
        int articleChars = article.text().length();
        for (Element element : new ArrayList<>(article.select("form, fieldset, figure figcaption"))) {
            // ASP.NET wraps whole pages in one <form>: a form holding the article's text is no form to drop.
            if (element.selectFirst("pre") == null && element.parent() != null
                    && element.text().length() < Boilerplate.ARTICLE_SHARE * articleChars) {
                element.remove();
            }
        }
        for (Element element : new ArrayList<>(article.select("p, div, section, article, aside, ul, ol"))) {
            deadline.check();
            if (element != article && element.parent() != null
                    // The block that won the scoring is the article, whatever its first heading says; a winner
                    // made of teasers alike is still a teaser list (teasers quote enough text to win).
                    && (!element.hasAttr(TOP_MARK) && Teasers.isRelatedBlock(element)
                        || !element.normalName().matches("p|ul|ol") && Teasers.isTeaserList(element)
                        || element.normalName().equals("p") && Teasers.isInlineTeaser(element))
                    && element.selectFirst("pre") == null) {
                element.remove();
            }
        }
        Elements candidates = article.select("table, ul, ol, div, section, dl, header");
        List<Element> bottomUp = new ArrayList<>(candidates);
        Collections.reverse(bottomUp);
        SubtreeStats stats = SubtreeStats.measure(article);
        for (Element element : bottomUp) {
            deadline.check();
            if (element.parent() == null || element == article) {
                continue;
            }
            if (shouldDrop(element, stats.of(element), strict)) {
                stats.remove(element);
            }
        }
    }

    private boolean shouldDrop(Element element, SubtreeStats.Counts counts, boolean strict) {
        if (counts.pres > 0) {
            return false;
        }
        String tag = element.normalName();
        int length = counts.chars;
        double weight = strict ? ContainerScores.classWeight(element) : 0;
        if (weight < 0 && counts.commas < 10) {
            return true;
        }
        if (length == 0) {
            return counts.images == 0;
        }
        double density = counts.linkDensity();
        if (tag.equals("table") && isDataTable(element)) {
            return density > 0.6;
        }
        if (counts.commas >= 10) {
            return false;
        }
        int paragraphs = counts.paragraphs;
        int images = counts.images;
        int items = counts.items - 100;
        int inputs = counts.inputs;
        boolean isList = tag.equals("ul") || tag.equals("ol");
        if (images > 1 && paragraphs / (double) images < 0.5 && !tag.equals("figure")) {
            return true;
        }
        if (!isList && items > paragraphs) {
            return true;
        }
        if (inputs > paragraphs / 3) {
            return true;
        }
        // A list page's cells are short by nature: a date or a version alone is still part of its row.
        if (!isList && length < 25 && (images == 0 || images > 2) && !ListRows.isCell(element)) {
            return true;
        }
        if (weight < 25 && density > tuning.linkDensity()) {
            return true;
        }
        if (weight >= 25 && density > 0.5) {
            return true;
        }
        if (isList && density > 0.5) {
            return true;
        }
        return false;
    }

    private static boolean isLead(Element header) {
        String text = header.text();
        return header.selectFirst("p") != null && text.length() <= LEAD_CHARS && linkDensity(header) < 0.3;
    }

    static boolean isDataTable(Element table) {
        if (table.selectFirst("th, thead, caption") != null) {
            return true;
        }
        return table.select("tr").size() >= 3 && table.select("table").size() == 1;
    }
}
