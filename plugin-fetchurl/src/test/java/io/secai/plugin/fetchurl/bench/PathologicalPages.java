package io.secai.plugin.fetchurl.bench;

import io.secai.plugin.fetchurl.extract.DocumentExtractor;
import io.secai.plugin.fetchurl.extract.ExtractedPage;
import io.secai.plugin.fetchurl.fetch.FetchedPage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated pages built to make extraction slow (deep nesting, huge text, wide link lists, unclosed elements),
 * each read through the plugin's own document reader with its default deadline: milliseconds per megabyte and
 * whether the page fell back to plain text.
 */
final class PathologicalPages {

    private static final String SENTENCE = "Attackers moved laterally, staged the data, and exfiltrated it. ";

    private PathologicalPages() {
    }

    static Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        String paragraph = "<p>" + SENTENCE.repeat(40) + "</p>";
        pages.put("100k nested divs", "<html><body>" + "<div>".repeat(100_000) + paragraph
                + "</div>".repeat(100_000) + "</body></html>");
        pages.put("4.5 MB under 500 nested divs", "<html><body>" + "<div>".repeat(500) + paragraph.repeat(1750)
                + "</div>".repeat(500) + "</body></html>");
        pages.put("4.5 MB of flat paragraphs", "<html><body><article>" + paragraph.repeat(1750)
                + "</article></body></html>");
        StringBuilder nestedText = new StringBuilder("<html><body>");
        for (int i = 0; i < 5_000; i++) {
            nestedText.append("<div><p>").append(SENTENCE.repeat(3)).append("</p>");
        }
        pages.put("5,000 levels with text at each", nestedText.append("</body></html>").toString());
        StringBuilder links = new StringBuilder("<html><body><ul>");
        for (int i = 0; i < 50_000; i++) {
            links.append("<li><a href='/t/").append(i).append("'>teaser number ").append(i).append("</a></li>");
        }
        pages.put("50,000 teaser links", links.append("</ul>").append(paragraph).append("</body></html>").toString());
        StringBuilder tables = new StringBuilder("<html><body>");
        for (int i = 0; i < 300; i++) {
            tables.append("<table><tr><td>");
        }
        pages.put("300 nested tables, unclosed", tables.append(paragraph.repeat(200)).toString());
        return pages;
    }

    static void run(DocumentExtractor extractor) {
        System.out.printf("%npathological pages (default deadline; second of two runs; wall and CPU ms per MB of "
                + "HTML):%n");
        System.out.printf("%-34s %6s %8s %8s %10s  %s%n", "page", "MB", "wall ms", "CPU ms", "CPU ms/MB", "result");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, String> page : pages().entrySet()) {
            double megabytes = page.getValue().getBytes(StandardCharsets.UTF_8).length / 1_048_576.0;
            FetchedPage fetched = new FetchedPage("https://bench.invalid/", "https://bench.invalid/",
                    FetchedPage.Kind.HTML, "text/html", page.getValue(), List.of());
            extractor.read(fetched, () -> false);
            long started = System.nanoTime();
            long cpuStarted = threads.getCurrentThreadCpuTime();
            ExtractedPage result = extractor.read(fetched, () -> false);
            double millis = (System.nanoTime() - started) / 1e6;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e6;
            System.out.printf("%-34s %6.2f %8.0f %8.0f %10.0f  %s%n", page.getKey(), megabytes, millis, cpu,
                    cpu / megabytes,
                    result.notes().isEmpty() ? "extracted, " + result.markdown().length() + " chars"
                            : "fell back to plain text, " + result.markdown().length() + " chars");
        }
    }

    public static void main(String[] args) {
        run(DocumentExtractor.withDefaults());
    }
}
