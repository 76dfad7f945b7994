package io.secai.plugin.fetchurl.extract;

import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The last resort for an HTML page whose layout could not be analysed: all its visible text, line by line. One
 * parse and one walk of the tree, so it is linear in the size of the page whatever its structure.
 */
final class PlainText {

    private PlainText() {
    }

    static String of(String html) {
        Document document = Jsoup.parse(html);
        document.select("script, style, noscript, template, svg").remove();
        StringJoiner lines = new StringJoiner("\n");
        for (String line : document.body().wholeText().split("\\R")) {
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                lines.add(stripped);
            }
        }
        return lines.toString();
    }
}
