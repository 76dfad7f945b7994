package io.secai.plugin.fetchurl.bench;

import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * What the Python original sent to the model: every text of the page once scripts and styles are dropped, each
 * line stripped, blank lines removed. The benchmark's anchor for precision and tokens.
 */
final class OriginalCleaning {

    static String clean(String html) {
        Document document = Jsoup.parse(html);
        document.select("script, style").remove();
        StringJoiner lines = new StringJoiner("\n");
        for (String line : document.wholeText().split("\\R")) {
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                lines.add(stripped);
            }
        }
        return lines.toString();
    }

    private OriginalCleaning() {
    }
}
