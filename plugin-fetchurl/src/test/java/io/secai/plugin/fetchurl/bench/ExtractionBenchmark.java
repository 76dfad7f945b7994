package io.secai.plugin.fetchurl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.secai.plugin.fetchurl.extract.MainContentExtractor;
import java.io.IOException;
import java.io.InputStream;
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
 * then the original's cleaning and our extractor, then o200k_base tokens per page of both.
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
        System.out.printf("%-28s %9s %9s %9s%n", "extractor", "precision", "recall", "F1");

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

        MainContentExtractor extractor = new MainContentExtractor();
        Map<String, String> original = new LinkedHashMap<>();
        Map<String, String> ours = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (String id : truth.keySet()) {
            String html = readHtml(folder.resolve("html"), id);
            original.put(id, OriginalCleaning.clean(html));
            ours.put(id, extractor.extract(html, "https://example.invalid/" + id).markdown());
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        print("original cleaning", score(truth, original));
        print("secai fetchurl", score(truth, ours));

        Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        long originalTokens = 0;
        long ourTokens = 0;
        long truthTokens = 0;
        for (String id : truth.keySet()) {
            originalTokens += encoding.countTokensOrdinary(original.get(id));
            ourTokens += encoding.countTokensOrdinary(ours.get(id));
            truthTokens += encoding.countTokensOrdinary(truth.get(id));
        }
        int pages = truth.size();
        System.out.printf("%ntokens per page (o200k_base): original cleaning %.0f, secai fetchurl %.0f (%.1f%% of the "
                + "original's), ground truth %.0f (%.1f%%)%n", originalTokens / (double) pages,
                ourTokens / (double) pages, 100.0 * ourTokens / originalTokens, truthTokens / (double) pages,
                100.0 * truthTokens / originalTokens);
        System.out.printf("extraction time: %d ms for %d pages (original cleaning included)%n", elapsedMillis, pages);
        if (System.getenv("FETCHURL_BENCH_WORST") != null) {
            worst(truth, ours, Integer.parseInt(System.getenv("FETCHURL_BENCH_WORST")));
        }
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
        System.out.printf("%-28s %9.3f %9.3f %9.3f%n", name, summary.precision(), summary.recall(), summary.f1());
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
