package io.secai.kql.bench;

import io.secai.kql.shortlist.ShortlistWeights;
import io.secai.kql.shortlist.TableShortlist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * K-fold cross-validation of the table shortlist over every question source ({@link QuestionSources}).
 *
 * <p>The weights are picked from a small grid. For each fold, the pick maximises the mean over sources of
 * all-gold-in-top-5 (then top-3, then top-1) on the other folds of every source, and is scored on the held-out
 * fold only; out-of-fold figures are those held-out scores put together. In-sample figures use the pick made on
 * everything. Near-copies (the same community page in two versions) stay in one fold. The catalog is a field of
 * the grid like any other: its weights include zero, so a catalog that does not help on the training folds is
 * weighted out. Plain BM25 (all fields weight 1, no synonyms, entity terms or boosts) is printed beside.
 */
public final class ShortlistCrossValidation {
    private static final int FOLDS = 5;
    private static final int[] KS = {1, 3, 5};

    private ShortlistCrossValidation() {
    }

    /** Figures of one ranking on one set of cases: recall@1/3/5 and all-gold-in-top-1/3/5. */
    record Figures(double[] recall, double[] allGold, int count) {
        static Figures of(List<QuestionSources.Case> cases, List<List<String>> ranked) {
            double[] recall = new double[KS.length];
            double[] all = new double[KS.length];
            for (int i = 0; i < cases.size(); i++) {
                Set<String> gold = cases.get(i).goldTables();
                List<String> top = ranked.get(i);
                for (int k = 0; k < KS.length; k++) {
                    List<String> head = top.subList(0, Math.min(KS[k], top.size()));
                    long found = gold.stream().filter(head::contains).count();
                    recall[k] += (double) found / gold.size();
                    all[k] += found == gold.size() ? 1 : 0;
                }
            }
            for (int k = 0; k < KS.length; k++) {
                recall[k] /= Math.max(1, cases.size());
                all[k] /= Math.max(1, cases.size());
            }
            return new Figures(recall, all, cases.size());
        }

        String row() {
            return String.format("%.3f %.3f %.3f | %.3f %.3f %.3f", recall[0], recall[1], recall[2], allGold[0],
                    allGold[1], allGold[2]);
        }
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> defender = Nl2KqlData.locate();
        if (defender.isEmpty()) {
            return;
        }
        Path shared = defender.get().getParent();
        boolean misses = List.of(args).contains("--misses");
        List<ShortlistWeights> grid = grid();
        System.out.printf("kql shortlist, %d-fold cross-validation over %d weight settings; recall@1 @3 @5 |"
                + " all-gold-in-top-1 -3 -5%n", FOLDS, grid.size());
        for (boolean catalog : new boolean[] {false, true}) {
            QuestionSources data = QuestionSources.load(shared, catalog);
            long started = System.nanoTime();
            // ranked[source][setting][case]: top 5 tables
            List<List<List<List<String>>>> ranked = new ArrayList<>();
            for (QuestionSources.Source source : data.sources()) {
                List<List<List<String>>> bySetting = new ArrayList<>();
                for (ShortlistWeights weights : grid) {
                    bySetting.add(rankAll(new TableShortlist(source.schema(), weights), source.cases()));
                }
                ranked.add(bySetting);
            }
            int[][] folds = new int[data.sources().size()][];
            double[][][][] hits = new double[data.sources().size()][grid.size()][][];
            for (int s = 0; s < folds.length; s++) {
                List<QuestionSources.Case> cases = data.sources().get(s).cases();
                folds[s] = KFold.folds(cases.stream().map(QuestionSources.Case::group).toList(), FOLDS);
                for (int g = 0; g < grid.size(); g++) {
                    hits[s][g] = criteria(cases, ranked.get(s).get(g));
                }
            }
            int inSamplePick = KFold.pick(hits, folds, -1);
            int[] foldPicks = new int[FOLDS];
            for (int f = 0; f < FOLDS; f++) {
                foldPicks[f] = KFold.pick(hits, folds, f);
            }
            System.out.printf("%ncatalog %s (grid ranked in %d ms); weights picked on everything: %s%n",
                    catalog ? "on" : "off", (System.nanoTime() - started) / 1_000_000, grid.get(inSamplePick));
            System.out.printf("  %-10s %4s  %-34s %-34s %-34s %-34s%n", "source", "n", "plain BM25",
                    "SecAI in-sample", "SecAI out-of-fold", "shipped defaults (in-sample)");
            for (int s = 0; s < data.sources().size(); s++) {
                QuestionSources.Source source = data.sources().get(s);
                List<List<String>> bm25 = rankAll(new TableShortlist(source.schema(), plainBm25()), source.cases());
                Figures plain = Figures.of(source.cases(), bm25);
                Figures inSample = Figures.of(source.cases(), ranked.get(s).get(inSamplePick));
                List<List<String>> outOfFold = new ArrayList<>();
                for (int i = 0; i < source.cases().size(); i++) {
                    outOfFold.add(ranked.get(s).get(foldPicks[folds[s][i]]).get(i));
                }
                Figures held = Figures.of(source.cases(), outOfFold);
                Figures shipped = Figures.of(source.cases(), rankAll(TableShortlist.of(source.schema()),
                        source.cases()));
                System.out.printf("  %-10s %4d  %-34s %-34s %-34s %-34s%n", source.name(), source.cases().size(),
                        plain.row(), inSample.row(), held.row(), shipped.row());
                if (misses) {
                    for (int i = 0; i < source.cases().size(); i++) {
                        if (!outOfFold.get(i).containsAll(source.cases().get(i).goldTables())) {
                            System.out.println("    MISS " + source.cases().get(i).goldTables() + " got "
                                    + outOfFold.get(i) + " :: " + source.cases().get(i).question());
                        }
                    }
                }
            }
        }
    }

    static List<List<String>> rankAll(TableShortlist shortlist, List<QuestionSources.Case> cases) {
        List<List<String>> ranked = new ArrayList<>(cases.size());
        for (QuestionSources.Case c : cases) {
            ranked.add(shortlist.rank(c.question(), 5));
        }
        return ranked;
    }

    /** Per case: all gold in the top 5, in the top 3, in the top 1 (the order the pick weighs them). */
    static double[][] criteria(List<QuestionSources.Case> cases, List<List<String>> ranked) {
        double[][] criteria = new double[cases.size()][KS.length];
        for (int i = 0; i < cases.size(); i++) {
            List<String> top = ranked.get(i);
            for (int k = 0; k < KS.length; k++) {
                List<String> head = top.subList(0, Math.min(KS[KS.length - 1 - k], top.size()));
                criteria[i][k] = head.containsAll(cases.get(i).goldTables()) ? 1 : 0;
            }
        }
        return criteria;
    }

    static ShortlistWeights plainBm25() {
        return new ShortlistWeights(1, 1, 1, 0, 0, 1.2, 0.75, 0, 0, 0, 0);
    }

    static List<ShortlistWeights> grid() {
        ShortlistWeights d = ShortlistWeights.defaults();
        List<ShortlistWeights> grid = new ArrayList<>();
        for (double name : new double[] {2, 3, 5}) {
            for (double description : new double[] {0, 0.5, 1}) {
                for (double column : new double[] {0.5, 1}) {
                    for (double columnText : new double[] {0, 0.25, 0.5}) {
                        for (double synonym : new double[] {0.3, 0.6}) {
                            for (double coverage : new double[] {1, 3}) {
                                grid.add(new ShortlistWeights(name, description, column, columnText, synonym, d.k1(),
                                        d.b(), d.columnMentionBoost(), d.tableMentionBoost(), coverage,
                                        d.nameLengthPenalty()));
                            }
                        }
                    }
                }
            }
        }
        return grid;
    }
}
