package io.secai.kql.bench;

import io.secai.kql.examples.ExampleIndex;
import io.secai.kql.examples.ExampleLibrary;
import io.secai.kql.examples.KqlExample;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The example library on the community hunting queries, leave-one-page-out: each query's title and description is
 * the question, every other page is the library, and a pick is good when one of the top 3 examples reads all the
 * tables the question's own query reads. Beside it, plain BM25 over the examples' words (no guard, no table
 * shortlist). The pages are written as Markdown to a temporary folder first, so the real reader and index are
 * timed; the folder is deleted afterwards.
 */
public final class ExampleRetrievalBenchmark {
    private ExampleRetrievalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> defender = Nl2KqlData.locate();
        if (defender.isEmpty()) {
            return;
        }
        Path shared = defender.get().getParent();
        QuestionSources sources = QuestionSources.load(shared, true);
        WorkspaceSchema schema = sources.sources().get(1).schema();
        try (CommunityLibrary community = CommunityLibrary.write(shared)) {
            Path folder = community.folder();
            long started = System.nanoTime();
            ExampleLibrary library = new ExampleLibrary(List.of(folder), note -> { });
            List<KqlExample> examples = library.examples();
            long read = System.nanoTime();
            ExampleIndex index = library.index(schema);
            long built = System.nanoTime();
            library.index(schema);
            long cachedAt = System.nanoTime();
            System.out.printf("kql example library: %d community queries on %d pages -> %d examples read in %d ms,"
                            + " indexed for a %d-table workspace in %d ms (%d pass the guard, %d refused);"
                            + " cached lookup %.1f ms%n", community.queries(), community.pages(), examples.size(),
                    (read - started) / 1_000_000, schema.tables().size(), (built - read) / 1_000_000, index.size(),
                    index.refused(), (cachedAt - built) / 1e6);
            ExampleIndex plain = new ExampleIndex(examples, null, 0);
            KqlGuard guard = new KqlGuard(schema, new GuardOptions(0, false, false));
            // The same words-only BM25 over just the examples SecAI may show (those the guard passes): the fair
            // baseline, since a refused example (externaldata, a table the workspace lacks) never reaches a prompt.
            ExampleIndex plainAdmitted = new ExampleIndex(examples.stream()
                    .filter(e -> guard.check(e.kql()).passed() && !guard.check(e.kql()).tables().isEmpty())
                    .toList(), null, 0);
            double[] weights = {0, 0.25, 0.5, 1, 2};
            List<ExampleIndex> byWeight = new ArrayList<>();
            for (double weight : weights) {
                byWeight.add(new ExampleIndex(examples, guard, weight));
            }
            TableShortlist shortlist = TableShortlist.of(schema);
            List<String> pagesOf = new ArrayList<>();
            List<boolean[]> hits = new ArrayList<>();
            int plainHits = 0;
            int plainAdmittedHits = 0;
            for (KqlExample example : examples) {
                Set<String> gold = QuestionSources.tablesRead(example.kql(), schema);
                if (gold.isEmpty() || example.title().startsWith("*")) {
                    continue;
                }
                String page = example.id().replaceFirst("#.*$", "");
                Set<String> samePage = Set.copyOf(examples.stream().map(KqlExample::id)
                        .filter(id -> id.replaceFirst("#.*$", "").equals(page)).toList());
                String question = example.title() + ". " + example.description();
                plainHits += readsAll(plain.pick(question, 3, List.of(), samePage), gold, schema) ? 1 : 0;
                plainAdmittedHits += readsAll(plainAdmitted.pick(question, 3, List.of(), samePage), gold, schema)
                        ? 1 : 0;
                List<String> hints = shortlist.rank(question, 5);
                boolean[] hit = new boolean[weights.length];
                for (int w = 0; w < weights.length; w++) {
                    hit[w] = readsAll(byWeight.get(w).pick(question, 3, hints, samePage), gold, schema);
                }
                pagesOf.add(page);
                hits.add(hit);
            }
            int questions = hits.size();
            System.out.printf("  leave-one-page-out over %d questions: share where one of the top 3 examples reads"
                    + " all the question's tables%n    plain BM25 (every example, words only)          %.3f%n"
                    + "    plain BM25 (examples the guard admits, words only) %.3f%n",
                    questions, (double) plainHits / questions, (double) plainAdmittedHits / questions);
            for (int w = 0; w < weights.length; w++) {
                int count = 0;
                for (boolean[] hit : hits) {
                    count += hit[w] ? 1 : 0;
                }
                System.out.printf("    SecAI, shortlist weight %.2f (in-sample)           %.3f%n", weights[w],
                        (double) count / questions);
            }
            // The weight picked on 4 folds of pages, scored on the fifth.
            int folds = 5;
            int[] foldOf = KFold.folds(pagesOf, folds);
            int held = 0;
            for (int f = 0; f < folds; f++) {
                int best = 0;
                int bestCount = -1;
                for (int w = 0; w < weights.length; w++) {
                    int count = 0;
                    for (int q = 0; q < questions; q++) {
                        if (foldOf[q] != f && hits.get(q)[w]) {
                            count++;
                        }
                    }
                    if (count > bestCount) {
                        best = w;
                        bestCount = count;
                    }
                }
                for (int q = 0; q < questions; q++) {
                    if (foldOf[q] == f && hits.get(q)[best]) {
                        held++;
                    }
                }
            }
            System.out.printf("    SecAI, weight picked on the other folds (out-of-fold) %.3f%n",
                    (double) held / questions);
        }
    }

    private static boolean readsAll(List<ExampleIndex.Pick> picks, Set<String> gold, WorkspaceSchema schema) {
        return picks.stream().anyMatch(p -> QuestionSources.tablesRead(p.example().kql(), schema).containsAll(gold));
    }
}
