package io.secai.plugin.fetchurl.extract;

import java.util.Objects;

/**
 * The main content of a page.
 *
 * @param title the page's title, empty when it has none
 * @param url the address it was read from (after redirects)
 * @param markdown the main content as Markdown: headings, lists, tables and code blocks kept
 */
public record ExtractedPage(String title, String url, String markdown) {
    public ExtractedPage {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(markdown, "markdown");
    }
}
