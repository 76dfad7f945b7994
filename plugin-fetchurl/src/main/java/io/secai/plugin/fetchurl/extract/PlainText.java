package io.secai.plugin.fetchurl.extract;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * HTML read as a stream of tags, without building a tree: the nesting depth of a page, and the last resort for a
 * page whose layout could not be analysed (all its visible text, one line per block). Both are one pass over the
 * characters, so they stay linear whatever the markup; an HTML parser is not, on thousands of nested elements.
 */
final class PlainText {

    private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "param", "source", "track", "wbr", "p", "li", "option", "td", "th", "tr", "dt", "dd");
    private static final Set<String> SKIPPED = Set.of("script", "style", "template", "svg", "head", "title");
    private static final Set<String> LINE_BREAKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4",
            "h5", "h6", "section", "article", "table", "ul", "ol", "pre", "blockquote", "header", "footer", "nav",
            "dt", "dd", "hr", "main", "aside", "figure", "form");

    private static final Pattern SPACES = Pattern.compile("[ \\t\\u00a0]+");

    private PlainText() {
    }

    /**
     * @param html a page
     * @return how deep its elements nest, counting start tags minus end tags (elements that close themselves
     *     implicitly, like {@code p} and {@code li}, are not counted)
     */
    static int depth(String html) {
        int depth = 0;
        int deepest = 0;
        int i = 0;
        int length = html.length();
        while (i < length) {
            int open = html.indexOf('<', i);
            if (open < 0 || open + 1 >= length) {
                break;
            }
            int close = html.indexOf('>', open);
            if (close < 0) {
                break;
            }
            char first = html.charAt(open + 1);
            if (first == '/') {
                if (!VOID.contains(name(html, open + 2, close))) {
                    depth = Math.max(0, depth - 1);
                }
            } else if (Character.isLetter(first) && html.charAt(close - 1) != '/') {
                String name = name(html, open + 1, close);
                if (!VOID.contains(name)) {
                    deepest = Math.max(deepest, ++depth);
                }
            }
            i = close + 1;
        }
        return deepest;
    }

    /**
     * @param html a page
     * @return its visible text, one line per block, blank lines dropped
     */
    static String of(String html) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        int length = html.length();
        while (i < length) {
            int open = html.indexOf('<', i);
            int end = open < 0 ? length : open;
            if (end > i) {
                text.append(html, i, end);
            }
            if (open < 0) {
                break;
            }
            if (html.startsWith("<!--", open)) {
                int closeComment = html.indexOf("-->", open + 4);
                i = closeComment < 0 ? length : closeComment + 3;
                continue;
            }
            int close = html.indexOf('>', open);
            if (close < 0) {
                break;
            }
            boolean endTag = open + 1 < length && html.charAt(open + 1) == '/';
            String name = name(html, open + (endTag ? 2 : 1), close);
            i = close + 1;
            if (!endTag && SKIPPED.contains(name)) {
                int skipTo = endTag(html, name, i);
                i = skipTo < 0 ? length : skipTo;
                continue;
            }
            if (LINE_BREAKS.contains(name)) {
                text.append('\n');
            } else {
                text.append(' ');
            }
        }
        String decoded = Parser.unescapeEntities(text.toString(), false);
        StringBuilder lines = new StringBuilder();
        for (String line : decoded.split("\\R")) {
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                lines.append(SPACES.matcher(stripped).replaceAll(" ")).append('\n');
            }
        }
        return lines.toString().strip();
    }

    /** The next {@code </name}, any case, from {@code from}; -1 when there is none. Linear: it only moves forward. */
    private static int endTag(String html, String name, int from) {
        int at = html.indexOf("</", from);
        while (at >= 0) {
            if (html.regionMatches(true, at + 2, name, 0, name.length())) {
                return at;
            }
            at = html.indexOf("</", at + 2);
        }
        return -1;
    }

    private static String name(String html, int from, int limit) {
        int end = from;
        while (end < limit && (Character.isLetterOrDigit(html.charAt(end)) || html.charAt(end) == '-')) {
            end++;
        }
        return html.substring(from, end).toLowerCase(Locale.ROOT);
    }
}
