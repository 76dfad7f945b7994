package io.secai.kql.bench;

import io.secai.kql.examples.ExampleIndex;
import io.secai.kql.examples.ExampleVotes;
import io.secai.kql.shortlist.ShortlistWeights;
import io.secai.kql.shortlist.TableShortlist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *
 * <p>The example library's votes ({@link ExampleVotes}: the tables the nearest admitted community examples read)
 * are a second grid, crossed with the first: how many neighbours vote and how much a full vote adds, weight 0
 * being no library. "No library" figures pick among the weight-0 settings only, so they are today's ranking;
 * "library" figures pick among all those that do no worse than the no-library pick on any source (training
 * folds only, {@link KFold#pickNoWorse}), with the same held-out discipline. For community questions the library lacks
 * the question's own page and any copy of its queries ({@link LibraryNeighbours}). The ceiling column says how many
 * questions no top-5 ranker can get (gold of more than 5 tables) and how many read tables outside the schema (their
 * gold keeps only the schema's tables).
 */
public final class ShortlistCrossValidation {
    private static final int FOLDS = 5;
    private static final int[] KS = {1, 3, 5};
    /** Shortlist lengths beyond 5 reported for the out-of-fold library ranking (the prompt shows 5 by default). */
    private static final int[] DEPTHS = {5, 6, 8, 10};
    private static final int[] NEIGHBOURS = {3, 5, 10, 20};
    private static final double[] VOTE_WEIGHTS = {0.5, 1, 2, 4, 8, 16, 32};
    private static final int MOST_NEIGHBOURS = 20;

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
        List<VoteSetting> votesGrid = voteGrid();
        int settings = grid.size() * votesGrid.size();
        System.out.printf("kql shortlist, %d-fold cross-validation over %d weight settings x %d example-vote settings"
                + " (library: the community queries; for community questions without the question's own page or"
                + " copies of its queries); recall@1 @3 @5 | all-gold-in-top-1 -3 -5%n", FOLDS, grid.size(),
                votesGrid.size());
        for (boolean catalog : new boolean[] {false, true}) {
            QuestionSources data = QuestionSources.load(shared, catalog);
            long started = System.nanoTime();
            LibraryNeighbours neighbours = LibraryNeighbours.find(shared, data, MOST_NEIGHBOURS);
            long found = System.nanoTime();
            int sources = data.sources().size();
            // scores[source][setting][case][table], votes[source][vote setting][case][table], schema order
            double[][][][] scores = new double[sources][][][];
            double[][][][] votes = new double[sources][][][];
            int[][][] gold = new int[sources][][];
            double[][][][] hits = new double[sources][settings][][];
            int[][] folds = new int[sources][];
            for (int s = 0; s < sources; s++) {
                QuestionSources.Source source = data.sources().get(s);
                List<String> names = List.copyOf(source.schema().tables().keySet());
                List<QuestionSources.Case> cases = source.cases();
                gold[s] = goldIndices(cases, names);
                folds[s] = KFold.folds(cases.stream().map(QuestionSources.Case::group).toList(), FOLDS);
                scores[s] = new double[grid.size()][][];
                for (int g = 0; g < grid.size(); g++) {
                    scores[s][g] = scoreAll(new TableShortlist(source.schema(), grid.get(g)), cases, names);
                }
                votes[s] = new double[votesGrid.size()][][];
                for (int v = 0; v < votesGrid.size(); v++) {
                    votes[s][v] = voteAll(neighbours.nearest().get(s), votesGrid.get(v).neighbours(), names);
                }
                for (int g = 0; g < grid.size(); g++) {
                    for (int v = 0; v < votesGrid.size(); v++) {
                        double[][] criteria = new double[cases.size()][];
                        for (int i = 0; i < cases.size(); i++) {
                            criteria[i] = criteria(gold[s][i], top(scores[s][g][i], votes[s][v][i],
                                    votesGrid.get(v).weight(), 5));
                        }
                        hits[s][g * votesGrid.size() + v] = criteria;
                    }
                }
            }
            // Without a library: only the settings whose vote weight is 0 (the first vote setting).
            double[][][][] hitsWithout = new double[sources][grid.size()][][];
            for (int s = 0; s < sources; s++) {
                for (int g = 0; g < grid.size(); g++) {
                    hitsWithout[s][g] = hits[s][g * votesGrid.size()];
                }
            }
            int pickWithout = KFold.pick(hitsWithout, folds, -1) * votesGrid.size();
            // With a library: the best mean among settings doing no worse on any source than the no-library pick
            // (training cases only); the plain best mean is printed below for comparison.
            int pickWith = KFold.pickNoWorse(hits, folds, -1, pickWithout);
            int[] foldWithout = new int[FOLDS];
            int[] foldWith = new int[FOLDS];
            int[] foldMeanOnly = new int[FOLDS];
            for (int f = 0; f < FOLDS; f++) {
                foldWithout[f] = KFold.pick(hitsWithout, folds, f) * votesGrid.size();
                foldWith[f] = KFold.pickNoWorse(hits, folds, f, foldWithout[f]);
                foldMeanOnly[f] = KFold.pick(hits, folds, f);
            }
            System.out.printf("%ncatalog %s (grid ranked in %d ms, nearest examples found in %d ms; library: %d"
                            + " community examples admitted on the union schema, %d refused)%n",
                    catalog ? "on" : "off", (System.nanoTime() - started) / 1_000_000, (found - started) / 1_000_000,
                    neighbours.admitted(), neighbours.refused());
            System.out.printf("  picked on everything, no library:   %s%n", grid.get(pickWithout / votesGrid.size()));
            System.out.printf("  picked on everything, with library: %s, %s%n",
                    grid.get(pickWith / votesGrid.size()), votesGrid.get(pickWith % votesGrid.size()));
            // The vote setting for the shipped shortlist weights (ExampleVotes' defaults come from this line).
            int shippedWeights = grid.indexOf(ShortlistWeights.defaults());
            double[][][][] hitsShipped = new double[sources][votesGrid.size()][][];
            for (int s = 0; s < sources; s++) {
                for (int v = 0; v < votesGrid.size(); v++) {
                    hitsShipped[s][v] = hits[s][shippedWeights * votesGrid.size() + v];
                }
            }
            System.out.printf("  picked on everything for the shipped shortlist weights: %s%n",
                    votesGrid.get(KFold.pickNoWorse(hitsShipped, folds, -1, 0)));
            StringBuilder perFold = new StringBuilder();
            StringBuilder meanOnly = new StringBuilder();
            for (int f = 0; f < FOLDS; f++) {
                perFold.append(f == 0 ? "" : "; ").append(votesGrid.get(foldWith[f] % votesGrid.size()));
                meanOnly.append(f == 0 ? "" : "; ").append(votesGrid.get(foldMeanOnly[f] % votesGrid.size()));
            }
            System.out.printf("  example votes picked per held-out fold: %s%n", perFold);
            StringBuilder meanOnlyTop5 = new StringBuilder();
            for (int s = 0; s < sources; s++) {
                List<String> names = List.copyOf(data.sources().get(s).schema().tables().keySet());
                List<QuestionSources.Case> cases = data.sources().get(s).cases();
                List<List<String>> held = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    held.add(ranking(scores, votes, votesGrid, s, foldMeanOnly[folds[s][i]], i, names));
                }
                meanOnlyTop5.append(String.format(" %s %.3f", data.sources().get(s).name(),
                        Figures.of(cases, held).allGold()[2]));
            }
            System.out.printf("  (best mean alone, a source may lose: picks %s; out-of-fold all-in-top-5%s)%n",
                    meanOnly, meanOnlyTop5);
            VoteSetting shippedVotes = new VoteSetting(ExampleVotes.DEFAULT_NEIGHBOURS, ExampleVotes.DEFAULT_WEIGHT);
            System.out.printf("  %-10s %4s  %-34s %-34s %-34s %-34s %-34s %-34s %-34s %s%n", "source", "n",
                    "plain BM25", "no library, in-sample", "no library, out-of-fold", "library, in-sample",
                    "library, out-of-fold", "shipped, no library", "shipped + library (" + shippedVotes + ")",
                    "ceiling: reachable (gold > 5 tables; query reads tables outside the schema)");
            for (int s = 0; s < sources; s++) {
                QuestionSources.Source source = data.sources().get(s);
                List<QuestionSources.Case> cases = source.cases();
                List<String> names = List.copyOf(source.schema().tables().keySet());
                Figures plain = Figures.of(cases, rankAll(new TableShortlist(source.schema(), plainBm25()), cases));
                List<List<String>> shippedRanking = rankAll(TableShortlist.of(source.schema()), cases);
                double[][] shippedScores = scoreAll(TableShortlist.of(source.schema()), cases, names);
                double[][] shippedVote = voteAll(neighbours.nearest().get(s), shippedVotes.neighbours(), names);
                List<List<String>> withoutIn = new ArrayList<>();
                List<List<String>> withoutOut = new ArrayList<>();
                List<List<String>> withIn = new ArrayList<>();
                List<List<String>> withOut = new ArrayList<>();
                List<List<String>> shippedWith = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    withoutIn.add(ranking(scores, votes, votesGrid, s, pickWithout, i, names));
                    withoutOut.add(ranking(scores, votes, votesGrid, s, foldWithout[folds[s][i]], i, names));
                    withIn.add(ranking(scores, votes, votesGrid, s, pickWith, i, names));
                    withOut.add(ranking(scores, votes, votesGrid, s, foldWith[folds[s][i]], i, names));
                    shippedWith.add(names(top(shippedScores[i], shippedVote[i], shippedVotes.weight(), 5), names));
                    List<String> mine = names(top(shippedScores[i], null, 0, 5), names);
                    if (!mine.equals(shippedRanking.get(i))) {
                        throw new IllegalStateException("the benchmark's ranking differs from TableShortlist.rank: "
                                + mine + " vs " + shippedRanking.get(i));
                    }
                }
                long overFive = cases.stream().filter(c -> c.goldTables().size() > 5).count();
                long outside = cases.stream().filter(c -> c.tablesOutside() > 0).count();
                System.out.printf("  %-10s %4d  %-34s %-34s %-34s %-34s %-34s %-34s %-34s %.3f (%d; %d)%n",
                        source.name(), cases.size(), plain.row(), Figures.of(cases, withoutIn).row(),
                        Figures.of(cases, withoutOut).row(), Figures.of(cases, withIn).row(),
                        Figures.of(cases, withOut).row(), Figures.of(cases, shippedRanking).row(),
                        Figures.of(cases, shippedWith).row(), 1 - (double) overFive / cases.size(), overFive,
                        outside);
                // A longer shortlist, same out-of-fold settings (picked for the top 5, not for these depths).
                StringBuilder deeper = new StringBuilder();
                for (int depth : DEPTHS) {
                    long all = 0;
                    for (int i = 0; i < cases.size(); i++) {
                        all += ranking(scores, votes, votesGrid, s, foldWith[folds[s][i]], i, names, depth)
                                .containsAll(cases.get(i).goldTables()) ? 1 : 0;
                    }
                    deeper.append(String.format(" top-%d %.3f", depth, (double) all / cases.size()));
                }
                System.out.printf("  %-10s library, out-of-fold, all gold in a longer shortlist:%s%n", "", deeper);
                if (misses) {
                    for (int i = 0; i < cases.size(); i++) {
                        if (!withOut.get(i).containsAll(cases.get(i).goldTables())) {
                            System.out.println("    MISS " + cases.get(i).goldTables() + " got " + withOut.get(i)
                                    + " :: " + cases.get(i).question());
                        }
                    }
                }
            }
        }
    }

    /**
     * How many nearest examples vote and how much a full vote adds to a table's score; weight 0 is no library.
     *
     * @param neighbours the nearest examples that vote
     * @param weight the vote's weight
     */
    record VoteSetting(int neighbours, double weight) {
        @Override
        public String toString() {
            return weight == 0 ? "no votes" : "k=" + neighbours + " w=" + weight;
        }
    }

    static List<VoteSetting> voteGrid() {
        List<VoteSetting> grid = new ArrayList<>();
        grid.add(new VoteSetting(0, 0));
        for (int neighbours : NEIGHBOURS) {
            for (double weight : VOTE_WEIGHTS) {
                grid.add(new VoteSetting(neighbours, weight));
            }
        }
        return grid;
    }

    private static List<String> ranking(double[][][][] scores, double[][][][] votes, List<VoteSetting> votesGrid,
                                        int s, int setting, int i, List<String> names) {
        return ranking(scores, votes, votesGrid, s, setting, i, names, 5);
    }

    private static List<String> ranking(double[][][][] scores, double[][][][] votes, List<VoteSetting> votesGrid,
                                        int s, int setting, int i, List<String> names, int depth) {
        int g = setting / votesGrid.size();
        int v = setting % votesGrid.size();
        return names(top(scores[s][g][i], votes[s][v][i], votesGrid.get(v).weight(), depth), names);
    }

    private static List<String> names(int[] indices, List<String> names) {
        List<String> out = new ArrayList<>(indices.length);
        for (int index : indices) {
            out.add(names.get(index));
        }
        return out;
    }

    private static int[][] goldIndices(List<QuestionSources.Case> cases, List<String> names) {
        int[][] gold = new int[cases.size()][];
        for (int i = 0; i < cases.size(); i++) {
            gold[i] = cases.get(i).goldTables().stream().mapToInt(names::indexOf).toArray();
        }
        return gold;
    }

    private static double[][] scoreAll(TableShortlist shortlist, List<QuestionSources.Case> cases,
                                       List<String> names) {
        double[][] all = new double[cases.size()][];
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Double> scores = shortlist.scores(cases.get(i).question());
            double[] row = new double[names.size()];
            for (int t = 0; t < names.size(); t++) {
                row[t] = scores.get(names.get(t));
            }
            all[i] = row;
        }
        return all;
    }

    private static double[][] voteAll(List<List<ExampleIndex.Pick>> nearest, int neighbours, List<String> names) {
        double[][] all = new double[nearest.size()][names.size()];
        if (neighbours == 0) {
            return all;
        }
        for (int i = 0; i < nearest.size(); i++) {
            for (ExampleVotes.Vote vote : ExampleVotes.votes(nearest.get(i), neighbours)) {
                int t = names.indexOf(vote.table());
                if (t >= 0) {
                    all[i][t] = vote.vote();
                }
            }
        }
        return all;
    }

    /**
     * The best {@code k} tables by score plus weight times vote; ties keep schema order, exactly as
     * {@link TableShortlist#rank} and {@link ExampleVotes#combine} (a stable sort) order them.
     */
    static int[] top(double[] score, double[] vote, double weight, int k) {
        int limit = Math.min(k, score.length);
        int[] best = new int[limit];
        double[] value = new double[limit];
        int n = 0;
        for (int t = 0; t < score.length && limit > 0; t++) {
            double v = vote == null ? score[t] : score[t] + weight * vote[t];
            if (n == limit) {
                if (Double.compare(v, value[n - 1]) <= 0) {
                    continue;
                }
                n--;
            }
            int at = n;
            while (at > 0 && Double.compare(value[at - 1], v) < 0) {
                value[at] = value[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            value[at] = v;
            best[at] = t;
            n++;
        }
        return java.util.Arrays.copyOf(best, n);
    }

    /** One case's criteria: all gold in the top 5, in the top 3, in the top 1 (the order the pick weighs them). */
    private static double[] criteria(int[] gold, int[] top) {
        double[] criteria = new double[KS.length];
        for (int k = 0; k < KS.length; k++) {
            int head = Math.min(KS[KS.length - 1 - k], top.length);
            boolean all = true;
            for (int g : gold) {
                boolean in = false;
                for (int j = 0; j < head; j++) {
                    in |= top[j] == g;
                }
                all &= in;
            }
            criteria[k] = all ? 1 : 0;
        }
        return criteria;
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
