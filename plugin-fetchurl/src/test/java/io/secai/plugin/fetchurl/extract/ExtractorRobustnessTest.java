package io.secai.plugin.fetchurl.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secai.plugin.fetchurl.fetch.FetchedPage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Pages built to break the extractor: it must neither throw nor run unbounded, and never lose the page. */
class ExtractorRobustnessTest {

    private final MainContentExtractor extractor = new MainContentExtractor();
    private final DocumentExtractor documents = DocumentExtractor.withDefaults();

    /**
     * Four equal columns whose shared ancestor lies above the scored levels and is the only child of its parent:
     * the sibling merge used to read that ancestor's missing score and throw a NullPointerException.
     */
    static String equalColumnsUnderAnUnscoredOnlyChild() {
        StringBuilder columns = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            columns.append("<div><div><div><div><div>");
            for (int p = 0; p < 3; p++) {
                columns.append("<p>Column ").append(i).append(" paragraph ").append(p)
                        .append(" explains the detection logic, its data sources, and its tuning in detail.</p>");
            }
            columns.append("</div></div></div></div></div>");
        }
        return "<html><body><div><div><div>" + columns + "</div></div></div></body></html>";
    }

    @Test
    void siblingMergeOfAnAncestorWithoutAScoreDoesNotThrow() {
        ExtractedPage page = extractor.extract(equalColumnsUnderAnUnscoredOnlyChild(), "https://example.com/a");
        assertThat(page.markdown()).contains("Column 1 paragraph 0").contains("Column 4 paragraph 2");
    }

    @Test
    void aCrashingExtractorFallsBackToThePlainTextAndSaysSo() {
        DocumentExtractor crashing = new DocumentExtractor((html, url, deadline) -> {
            throw new NullPointerException("boom");
        }, Duration.ofSeconds(1), 10);
        ExtractedPage page = crashing.read(html("<nav>Home</nav><p>The whole article text.</p>"), () -> false);
        assertThat(page.markdown()).contains("The whole article text.").contains("Home");
        assertThat(page.kind()).isEqualTo("HTML page, as plain text");
        assertThat(page.notes()).singleElement().asString()
                .contains("failed (NullPointerException)").contains("all of its text is given");
    }

    @Test
    void anExtractionPastItsDeadlineFallsBackToThePlainText() {
        DocumentExtractor slow = new DocumentExtractor((html, url, deadline) -> {
            while (true) {
                deadline.check();
                Thread.onSpinWait();
            }
        }, Duration.ofMillis(50), 10);
        ExtractedPage page = slow.read(html("<p>Text that must not be lost.</p>"), () -> false);
        assertThat(page.markdown()).isEqualTo("Text that must not be lost.");
        assertThat(page.notes()).singleElement().asString().contains("took longer than the limit of 50 ms");
    }

    @Test
    void cancellingDuringExtractionStopsItInsteadOfFallingBack() {
        AtomicBoolean cancelled = new AtomicBoolean();
        DocumentExtractor cancellable = new DocumentExtractor((html, url, deadline) -> {
            cancelled.set(true);
            deadline.check();
            throw new AssertionError("the deadline did not see the cancel");
        }, Duration.ofSeconds(10), 10);
        assertThatThrownBy(() -> cancellable.read(html("<p>x</p>"), cancelled::get))
                .isInstanceOfSatisfying(ExtractionStoppedException.class, e -> assertThat(e.cancelled()).isTrue());
    }

    @Test
    void theParseOfALargePageAlreadyChecksForCancel() {
        // 20,000 paragraphs: the parser hands back elements in batches and the deadline is asked between them,
        // so a cancel arrives while the page is still being parsed, not after.
        String page = "<html><body>" + "<p>One more paragraph of a very long page.</p>".repeat(20_000)
                + "</body></html>";
        AtomicInteger asked = new AtomicInteger();
        AtomicBoolean askedWhileParsing = new AtomicBoolean();
        BooleanSupplier cancelAtTheThirdQuestion = () -> {
            boolean parsing = StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
                    frame.getClassName().equals(MainContentExtractor.class.getName())
                    && frame.getMethodName().equals("parse")));
            askedWhileParsing.set(parsing);
            return asked.incrementAndGet() >= 3;
        };
        assertThatThrownBy(() -> extractor.extract(page, "https://example.com/long",
                Deadline.after(Duration.ofMinutes(1), cancelAtTheThirdQuestion)))
                .isInstanceOfSatisfying(ExtractionStoppedException.class, e -> assertThat(e.cancelled()).isTrue());
        assertThat(asked.get()).isEqualTo(3);
        assertThat(askedWhileParsing).isTrue();
    }

    @Test
    void aHundredThousandNestedDivsKeepTheirText() {
        String page = "<html><body>" + "<div>".repeat(100_000)
                + "<p>The deepest paragraph of a pathological page, still part of the article text.</p>"
                + "</div>".repeat(100_000) + "</body></html>";
        ExtractedPage result = documents.read(html(page), () -> false);
        assertThat(result.markdown()).contains("The deepest paragraph of a pathological page");
    }

    @Test
    void elementsBelowTheDepthCapBecomeOneParagraphOfTheirText() {
        String deep = "<div>".repeat(Boilerplate.MAX_DEPTH + 50)
                + "<p>First deep paragraph, with commas, and enough words to count as content here.</p>"
                + "<p>Second deep paragraph, with commas, and enough words to count as content too.</p>"
                + "</div>".repeat(Boilerplate.MAX_DEPTH + 50);
        ExtractedPage page = extractor.extract("<html><body>" + deep + "</body></html>", "https://example.com/");
        assertThat(page.markdown()).contains("First deep paragraph").contains("Second deep paragraph");
    }

    @Test
    void aHugePageOfNestedDivsFinishesOrFallsBackWithItsText() {
        String paragraph = "<p>" + "Attackers moved laterally, then staged data, and exfiltrated it. ".repeat(40)
                + "</p>";
        String page = "<html><body>" + "<div>".repeat(500) + paragraph.repeat(1700) + "</div>".repeat(500)
                + "</body></html>";
        assertThat(page.length()).isGreaterThan(4_000_000);
        ExtractedPage result = documents.read(html(page), () -> false);
        assertThat(result.markdown()).contains("Attackers moved laterally");
    }

    @Test
    void aMalformedNoscriptDoesNotSwallowThePage() {
        String page = "<html><body><noscript><p>Enable JavaScript</p>"
                + "<article><h1>Title</h1><p>The article body that follows an unclosed noscript element, long "
                + "enough, with commas, to be the content of the page and not a stray line.</p></article>"
                + "</body></html>";
        ExtractedPage result = extractor.extract(page, "https://example.com/");
        assertThat(result.markdown()).contains("The article body that follows an unclosed noscript");
    }

    static FetchedPage html(String body) {
        String page = body.startsWith("<html") ? body : "<html><body>" + body + "</body></html>";
        return new FetchedPage("https://example.com/a", "https://example.com/a", FetchedPage.Kind.HTML, "text/html",
                page, List.of());
    }
}
