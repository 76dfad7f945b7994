package io.secai.plugin.fetchurl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.secai.plugin.fetchurl.extract.DocumentExtractor;
import io.secai.plugin.fetchurl.extract.ExtractedPage;
import io.secai.plugin.fetchurl.extract.ExtractionTuning;
import io.secai.plugin.fetchurl.extract.MainContentExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Scores page extraction on the article-extraction benchmark: first the published baselines (to prove the scorer),
 * then the original's cleaning and our extractor (in-sample with the shipped thresholds, and 5-fold held-out with
 * thresholds chosen on the training folds), o200k_base tokens per page, per-page extraction time, and generated
 * pathological pages.
 *
 * <p>Run with {@code bench/fetchurl-extraction.sh}. The data comes from {@code $SECAI_SHARED_DATA} (default
 * {@code <repo>/../shared/data}); without it the benchmark says so and exits 0.
 */
public final class ExtractionBenchmark {

    private ExtractionBenchmark() {
    }

    /**
     * @param args an optional path to the {@code article-extraction} folder
     * @throws IOException when the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path folder = args.length > 0 ? Path.of(args[0]) : sharedData().resolve("article-extraction");
        Path truthFile = folder.resolve("ground-truth.json");
        if (!Files.isRegularFile(truthFile)) {
            System.out.println("fetchurl-extraction: skipped, no benchmark data at " + folder.toAbsolutePath()
                    + " (set SECAI_SHARED_DATA)");
            return;
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> truth = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = json.readTree(truthFile.toFile()).fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            truth.put(entry.getKey(), entry.getValue().path("articleBody").asText(""));
        }
        System.out.printf("article-extraction: %d pages in %s%n%n", truth.size(), folder);
        System.out.printf("%-36s %9s %9s %9s%n", "extractor", "precision", "recall", "F1");

        Path baselines = folder.resolve("baselines");
        for (String name : List.of("beautifulsoup", "readability_js", "trafilatura")) {
            Path file = baselines.resolve(name + ".json");
            if (!Files.isRegularFile(file)) {
                System.out.println(name + ": baseline file missing");
                continue;
            }
            JsonNode output = json.readTree(file.toFile()).path("output");
            Map<String, String> predicted = new LinkedHashMap<>();
            for (String id : truth.keySet()) {
                predicted.put(id, output.path(id).path("articleBody").asText(""));
            }
            print("baseline " + name, score(truth, predicted));
        }

        Map<String, String> html = new LinkedHashMap<>();
        Map<String, String> original = new LinkedHashMap<>();
        for (String id : truth.keySet()) {
            html.put(id, readHtml(folder.resolve("html"), id));
            original.put(id, OriginalCleaning.clean(html.get(id)));
        }
        print("original cleaning", score(truth, original));

        // Quality first, with a deadline no page reaches, so that the machine's load cannot change the figures;
        // then the shipped path (the 1.5 s deadline and its plain-text fallback) for time and fallbacks.
        DocumentExtractor unhurried = new DocumentExtractor(new MainContentExtractor()::extract, QUALITY_LIMIT, 40);
        Map<String, String> quality = new LinkedHashMap<>();
        for (String id : truth.keySet()) {
            quality.put(id, unhurried.html(html.get(id), "https://example.invalid/" + id, () -> false).markdown());
        }
        print("secai fetchurl (dev, in-sample)", score(truth, quality));
        outOfFold(truth, html);

        DocumentExtractor shipped = DocumentExtractor.withDefaults();
        Map<String, String> ours = new LinkedHashMap<>();
        String slowest = "";
        double slowestMillis = 0;
        double slowestCpu = 0;
        double totalMillis = 0;
        double totalCpu = 0;
        int fallbacks = 0;
        // Wall time is what the deadline sees; the thread's CPU time is what the page costs on a machine of its own.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String id : truth.keySet()) {
            long started = System.nanoTime();
            long cpuStarted = threads.getCurrentThreadCpuTime();
            ExtractedPage page = shipped.html(html.get(id), "https://example.invalid/" + id, () -> false);
            double millis = (System.nanoTime() - started) / 1e6;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e6;
            totalMillis += millis;
            totalCpu += cpu;
            if (cpu > slowestCpu) {
                slowestMillis = millis;
                slowestCpu = cpu;
                slowest = id;
            }
            fallbacks += page.notes().isEmpty() ? 0 : 1;
            ours.put(id, page.markdown());
        }
        print("secai fetchurl (shipped 1.5 s deadline)", score(truth, ours));

        Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        long originalTokens = 0;
        long ourTokens = 0;
        long truthTokens = 0;
        for (String id : truth.keySet()) {
            originalTokens += encoding.countTokensOrdinary(original.get(id));
            ourTokens += encoding.countTokensOrdinary(quality.get(id));
            truthTokens += encoding.countTokensOrdinary(truth.get(id));
        }
        int pages = truth.size();
        System.out.printf("%ntokens per page (o200k_base): original cleaning %.0f, secai fetchurl %.0f (%.1f%% of the "
                + "original's), ground truth %.0f (%.1f%%)%n", originalTokens / (double) pages,
                ourTokens / (double) pages, 100.0 * ourTokens / originalTokens, truthTokens / (double) pages,
                100.0 * truthTokens / originalTokens);
        System.out.printf("extraction time: %.0f ms wall, %.0f ms CPU for %d pages (%.1f ms CPU per page); slowest "
                + "page %s: %.0f ms CPU (%.0f ms wall); %d fell back to plain text%n", totalMillis, totalCpu, pages,
                totalCpu / pages, slowest, slowestCpu, slowestMillis, fallbacks);
        if (System.getenv("FETCHURL_BENCH_WORST") != null) {
            worst(truth, quality, Integer.parseInt(System.getenv("FETCHURL_BENCH_WORST")));
        }
        PathologicalPages.run(shipped);
    }

    /** The thresholds the folds choose from; the shipped pair is one of them. */
    private static final List<ExtractionTuning> GRID = List.of(
            new ExtractionTuning(0.1, 0.15), new ExtractionTuning(0.1, 0.2), new ExtractionTuning(0.1, 0.3),
            new ExtractionTuning(0.2, 0.15), new ExtractionTuning(0.2, 0.2), new ExtractionTuning(0.2, 0.3),
            new ExtractionTuning(0.3, 0.15), new ExtractionTuning(0.3, 0.2), new ExtractionTuning(0.3, 0.3));
    private static final int FOLDS = 5;
    /** No dev page comes near it on a quiet machine; a loaded one must not turn quality figures into fallbacks. */
    private static final java.time.Duration QUALITY_LIMIT = java.time.Duration.ofSeconds(60);

    /**
     * Held-out score: pages are dealt into five folds by their position in id order; for each fold the thresholds
     * are chosen on the other four and the fold is scored with them. The fold's own pages never choose.
     */
    private static void outOfFold(Map<String, String> truth, Map<String, String> html) {
        List<String> ids = new ArrayList<>(truth.keySet());
        java.util.Collections.sort(ids);
        List<List<ShingleScorer.PageScore>> byTuning = new ArrayList<>();
        for (ExtractionTuning tuning : GRID) {
            DocumentExtractor extractor = new DocumentExtractor(new MainContentExtractor(tuning)::extract,
                    QUALITY_LIMIT, 40);
            List<ShingleScorer.PageScore> scores = new ArrayList<>();
            for (String id : ids) {
                scores.add(ShingleScorer.score(truth.get(id),
                        extractor.html(html.get(id), "https://example.invalid/" + id, () -> false).markdown()));
            }
            byTuning.add(scores);
        }
        List<ShingleScorer.PageScore> heldOut = new ArrayList<>();
        StringBuilder chosen = new StringBuilder();
        for (int fold = 0; fold < FOLDS; fold++) {
            int best = 0;
            double bestF1 = -1;
            for (int t = 0; t < GRID.size(); t++) {
                List<ShingleScorer.PageScore> training = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    if (i % FOLDS != fold) {
                        training.add(byTuning.get(t).get(i));
                    }
                }
                double f1 = ShingleScorer.summarize(training).f1();
                if (f1 > bestF1) {
                    bestF1 = f1;
                    best = t;
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                if (i % FOLDS == fold) {
                    heldOut.add(byTuning.get(best).get(i));
                }
            }
            chosen.append(fold == 0 ? "" : ", ").append(GRID.get(best).siblingShare()).append('/')
                    .append(GRID.get(best).linkDensity());
        }
        print("secai fetchurl (" + FOLDS + "-fold held-out)", ShingleScorer.summarize(heldOut));
        System.out.println("  thresholds chosen on the training folds (sibling share/link density): " + chosen);
    }

    private static void worst(Map<String, String> truth, Map<String, String> ours, int count) {
        List<Map.Entry<String, ShingleScorer.PageScore>> scored = new ArrayList<>();
        for (String id : truth.keySet()) {
            scored.add(Map.entry(id, ShingleScorer.score(truth.get(id), ours.get(id))));
        }
        scored.sort((a, b) -> Double.compare(f1(a.getValue()), f1(b.getValue())));
        for (Map.Entry<String, ShingleScorer.PageScore> entry : scored.subList(0, Math.min(count, scored.size()))) {
            System.out.printf("  %s precision %.3f recall %.3f%n", entry.getKey(), entry.getValue().precision(),
                    entry.getValue().recall());
        }
    }

    private static double f1(ShingleScorer.PageScore score) {
        double p = score.precision();
        double r = score.recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static ShingleScorer.Summary score(Map<String, String> truth, Map<String, String> predicted) {
        List<ShingleScorer.PageScore> pages = new ArrayList<>();
        for (Map.Entry<String, String> entry : truth.entrySet()) {
            pages.add(ShingleScorer.score(entry.getValue(), predicted.getOrDefault(entry.getKey(), "")));
        }
        return ShingleScorer.summarize(pages);
    }

    private static void print(String name, ShingleScorer.Summary summary) {
        System.out.printf("%-36s %9.3f %9.3f %9.3f%n", name, summary.precision(), summary.recall(), summary.f1());
    }

    private static String readHtml(Path folder, String id) throws IOException {
        Path gz = folder.resolve(id + ".html.gz");
        if (Files.isRegularFile(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Path plain = folder.resolve(id + ".html");
        return Files.isRegularFile(plain) ? Files.readString(plain, StandardCharsets.UTF_8) : "";
    }

    private static Path sharedData() {
        String configured = System.getenv("SECAI_SHARED_DATA");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path repo = Path.of(System.getProperty("secai.repo", ".")).toAbsolutePath().normalize();
        return repo.resolveSibling("shared").resolve("data");
    }
}
