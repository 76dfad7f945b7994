package io.secai.plugin.fetchurl.extract;

import java.util.List;
import java.util.Objects;

/**
 * The readable content of a fetched document.
 *
 * @param title the document's title, empty when it has none
 * @param url the address it was read from (after redirects)
 * @param kind what kind of document it was, in words the model reads (for example {@code HTML page},
 *     {@code PDF document, 12 pages}, {@code KQL query file})
 * @param markdown the content as Markdown: headings, lists, tables and code blocks kept
 * @param notes what the reader should know about how it was read (a fallback, a cap), possibly empty
 */
public record ExtractedPage(String title, String url, String kind, String markdown, List<String> notes) {

    /** The kind of an HTML page read through the main-content extractor. */
    public static final String HTML = "HTML page";

    public ExtractedPage {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(markdown, "markdown");
        notes = List.copyOf(notes);
    }

    /**
     * An HTML page's main content.
     *
     * @param title the title
     * @param url the address
     * @param markdown the main content
     */
    public ExtractedPage(String title, String url, String markdown) {
        this(title, url, HTML, markdown, List.of());
    }

    /** @param text the replacement content @return this page with other content */
    public ExtractedPage withMarkdown(String text) {
        return new ExtractedPage(title, url, kind, text, notes);
    }
}
