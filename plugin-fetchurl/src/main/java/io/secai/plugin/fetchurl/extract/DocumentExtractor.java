package io.secai.plugin.fetchurl.extract;

import io.secai.plugin.fetchurl.fetch.FetchedPage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Reads every kind of document the fetcher accepts: HTML through the main-content extractor, PDF through PDFBox,
 * text, Markdown, JSON, YAML and raw code files passed through.
 *
 * <p>HTML extraction can never fail a page: when it throws or runs past its deadline, the page's plain text is
 * used instead and a note says so. Only the user's cancel stops it. Thread-safe.
 */
public final class DocumentExtractor implements DocumentReader {

    /** How a page's main content is found; {@link MainContentExtractor#extract(String, String, Deadline)}. */
    @FunctionalInterface
    public interface HtmlExtractor {
        /**
         * @param html the page
         * @param url its address
         * @param deadline checked between units of work
         * @return the main content
         */
        ExtractedPage extract(String html, String url, Deadline deadline);
    }

    /**
     * Pages nested deeper than this (counted by a linear scan of their tags) are not parsed: an HTML parser's time
     * grows with the square of the depth there, and no page written for people comes near it.
     */
    static final int MAX_NESTING = 2000;

    private final HtmlExtractor html;
    private final Duration timeLimit;
    private final PdfText pdf;

    /**
     * @param html finds an HTML page's main content
     * @param timeLimit how long one document's extraction may take before it falls back or is cut
     * @param maxPdfPages how many pages of a PDF are read
     */
    public DocumentExtractor(HtmlExtractor html, Duration timeLimit, int maxPdfPages) {
        this.html = Objects.requireNonNull(html, "html");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
        this.pdf = new PdfText(maxPdfPages);
    }

    /** @return the extractor with the default limits: one and a half seconds, 40 PDF pages */
    public static DocumentExtractor withDefaults() {
        return new DocumentExtractor(new MainContentExtractor()::extract, Duration.ofMillis(1500), 40);
    }

    @Override
    public ExtractedPage read(FetchedPage page, BooleanSupplier cancelled) {
        Deadline deadline = Deadline.after(timeLimit, cancelled);
        return switch (page.kind()) {
            case HTML -> html(page.body(), page.finalUrl(), deadline);
            case PDF -> pdf.read(page.bytes(), page.finalUrl(), deadline);
            case TEXT, JSON -> {
                RawFiles.Format format = RawFiles.formatOf(page.mediaType(), page.finalUrl(), page.body());
                yield new ExtractedPage("", page.finalUrl(), format.kind(), RawFiles.render(page.body(), format),
                        List.of());
            }
        };
    }

    /**
     * @param source the page
     * @param url its address
     * @param cancelled true once the user cancelled
     * @return its main content, or its plain text with a note when extraction failed or ran out of time
     */
    public ExtractedPage html(String source, String url, BooleanSupplier cancelled) {
        return html(source, url, Deadline.after(timeLimit, cancelled));
    }

    private ExtractedPage html(String source, String url, Deadline deadline) {
        String reason;
        int depth = PlainText.depth(source);
        if (depth > MAX_NESTING) {
            reason = "was not attempted: its elements nest " + depth + " levels deep, more than " + MAX_NESTING;
            return fallback(source, url, reason);
        }
        try {
            return html.extract(source, url, deadline);
        } catch (ExtractionStoppedException e) {
            if (e.cancelled()) {
                throw e;
            }
            reason = "took longer than the limit of " + timeLimit.toMillis() + " ms";
        } catch (RuntimeException | StackOverflowError e) {
            // Any page the extractor cannot handle is an extractor bug, never a reason to lose the page.
            reason = "failed (" + e.getClass().getSimpleName() + ")";
        }
        return fallback(source, url, reason);
    }

    private static ExtractedPage fallback(String source, String url, String reason) {
        return new ExtractedPage("", url, ExtractedPage.HTML + ", as plain text", PlainText.of(source),
                List.of("Finding the main content of this page " + reason + ", so all of its text is given, "
                        + "menus and footers included."));
    }
}
