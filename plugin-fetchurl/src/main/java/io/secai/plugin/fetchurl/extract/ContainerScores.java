package io.secai.plugin.fetchurl.extract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The readability scoring of one pass: paragraphs score by their length and commas, credit their ancestors up to
 * five levels (less the higher), containers start from their tag and, in the strict pass, their class and id names;
 * link-heavy containers are discounted, and the best one wins, widened to the ancestor it shares with close rivals.
 *
 * <p>It is apart from {@link MainContentExtractor} because it answers one question, where the article is; the
 * extractor then decides which of the winner's siblings join it and what inside it is not content. The scores of
 * the other containers are kept because that sibling merge asks for them. Immutable once built.
 */
final class ContainerScores {

    private static final Pattern POSITIVE = Pattern.compile(
            "article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose|markdown");
    private static final Pattern NEGATIVE = Pattern.compile(
            "-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|"
            + "masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|"
            + "shopping|tags|tool|cookie|consent|newsletter|social|caption|credit|byline|author|nav|menu|"
            + "breadcrumb|subscribe|signup|recommend|trending|popular");
    private static final Set<String> SCORED = Set.of("section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre",
            "blockquote", "li", "dd");
    /** Children that make a {@code div} a container rather than a paragraph of its own. */
    static final Set<String> BLOCKS = Set.of("a", "blockquote", "dl", "div", "img", "ol", "p", "pre",
            "table", "ul", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "header", "main");

    /** Keyed by identity: jsoup elements are equal when their content is, and two empty divs are two containers. */
    private final Map<Element, Double> scores;
    private final Element winner;

    private ContainerScores(Map<Element, Double> scores, Element winner) {
        this.scores = scores;
        this.winner = winner;
    }

    /**
     * @param body the page's body, cleared of what is never content
     * @param strict whether class and id names count (the strict pass) or only tags and text (the relaxed one)
     * @param deadline checked between scored elements
     * @return the scores, or empty when no element holds enough text to be scored
     * @throws ExtractionStoppedException when the deadline passes or the user cancels
     */
    static Optional<ContainerScores> score(Element body, boolean strict, Deadline deadline) {
        Map<Element, Double> scores = new IdentityHashMap<>();
        SubtreeStats stats = SubtreeStats.measure(body);
        for (Element element : scoredElements(body)) {
            deadline.check();
            SubtreeStats.Counts counts = stats.of(element);
            if (counts.chars < 26) {
                continue;
            }
            double score = 1 + counts.commas + Math.min(counts.chars / 100, 3);
            Element ancestor = element.parent();
            for (int level = 0; ancestor != null && level < 5; level++, ancestor = ancestor.parent()) {
                if (!scores.containsKey(ancestor)) {
                    scores.put(ancestor, initialScore(ancestor, strict));
                }
                double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
                scores.put(ancestor, scores.get(ancestor) + score / divider);
            }
        }
        if (scores.isEmpty()) {
            return Optional.empty();
        }
        scores.replaceAll((element, score) -> score * (1 - stats.of(element).linkDensity()));
        List<Element> ranked = new ArrayList<>(scores.keySet());
        ranked.sort(Comparator.comparingDouble((Element e) -> scores.get(e)).reversed());
        Element top = promoteSharedAncestor(ranked.get(0), ranked, scores);
        return Optional.of(new ContainerScores(scores, top));
    }

    /** @return the container taken to hold the article */
    Element winner() {
        return winner;
    }

    /**
     * @param element an element of the scored body
     * @return its score, or empty when no paragraph credited it
     */
    OptionalDouble of(Element element) {
        Double score = scores.get(element);
        return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
    }

    /**
     * @param element any element
     * @return what its class, id and {@code itemprop} say: -25 for a widget's name, +25 for an article's, +50 for
     *     schema.org's article body; cleaning asks it too, to drop blocks named like widgets
     */
    static double classWeight(Element element) {
        double weight = 0;
        for (String value : new String[] {element.className(), element.id()}) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.isEmpty()) {
                continue;
            }
            if (NEGATIVE.matcher(lower).find()) {
                weight -= 25;
            }
            if (POSITIVE.matcher(lower).find()) {
                weight += 25;
            }
        }
        String itemprop = element.attr("itemprop").toLowerCase(Locale.ROOT);
        if (itemprop.contains("articlebody") || itemprop.equals("text")) {
            weight += 50;
        }
        return weight;
    }

    /** @return whether any child is one of the {@link #BLOCKS} */
    static boolean hasBlockChild(Element element) {
        for (Element child : element.children()) {
            if (BLOCKS.contains(child.normalName())) {
                return true;
            }
        }
        return false;
    }

    private static List<Element> scoredElements(Element body) {
        List<Element> scored = new ArrayList<>();
        for (Element element : body.getAllElements()) {
            String tag = element.normalName();
            if (SCORED.contains(tag)) {
                scored.add(element);
            } else if (tag.equals("div") && !hasBlockChild(element)) {
                scored.add(element);
            } else if (tag.equals("div") && hasDirectText(element)) {
                scored.add(element);
            }
        }
        return scored;
    }

    private static boolean hasDirectText(Element element) {
        int length = 0;
        for (Node child : element.childNodes()) {
            if (child instanceof TextNode text) {
                length += text.text().strip().length();
            }
        }
        return length >= 80;
    }

    private static double initialScore(Element element, boolean strict) {
        double score = switch (element.normalName()) {
            case "div", "article", "main", "section" -> 5;
            case "pre", "td", "blockquote" -> 3;
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form" -> -3;
            case "h1", "h2", "h3", "h4", "h5", "h6", "th" -> -5;
            default -> 0;
        };
        if (element.normalName().equals("article") || element.normalName().equals("main")) {
            score += 10;
        }
        return score + (strict ? classWeight(element) : 0);
    }

    private static Element promoteSharedAncestor(Element top, List<Element> ranked, Map<Element, Double> scores) {
        double topScore = scores.get(top);
        List<Element> alternatives = new ArrayList<>();
        for (int i = 1; i < Math.min(5, ranked.size()); i++) {
            if (scores.get(ranked.get(i)) / topScore >= 0.75) {
                alternatives.add(ranked.get(i));
            }
        }
        if (alternatives.size() >= 3) {
            for (Element parent = top.parent(); parent != null && !parent.normalName().equals("body");
                    parent = parent.parent()) {
                int containing = 0;
                for (Element alternative : alternatives) {
                    if (parent == alternative || alternative.parents().contains(parent)) {
                        containing++;
                    }
                }
                if (containing >= 3) {
                    top = parent;
                    break;
                }
            }
        }
        Element candidate = top;
        while (candidate.parent() != null && !candidate.parent().normalName().equals("body")
                && candidate.parent().children().size() == 1) {
            candidate = candidate.parent();
        }
        if (candidate != top && !scores.containsKey(candidate)) {
            // The shared ancestor may lie above the scored levels and have no score of its own.
            scores.put(candidate, scores.getOrDefault(top, 0.0));
        }
        return candidate;
    }
}
