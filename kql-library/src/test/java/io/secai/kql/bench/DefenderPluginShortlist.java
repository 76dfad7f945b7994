package io.secai.kql.bench;

import io.secai.kql.examples.ExampleLibrary;
import io.secai.kql.examples.ExamplePicker;
import io.secai.kql.schema.AdvancedHuntingSchema;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.ShortlistWeights;
import io.secai.kql.shortlist.TableShortlist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table shortlist as the Defender XDR plugin uses it: the 229 NL2KQL Defender questions that name schema tables
 * ranked over the plugin's advanced-hunting schema (kql-library's {@link AdvancedHuntingSchema}, written from the
 * documentation, not the NL2KQL schema or catalog), top 5 as the plugin's {@code shortlist-size}. Printed: plain
 * BM25; the shipped weights exactly as the plugin ranks (in-sample: those weights were picked on question sources
 * that include these questions); the grid's pick on all of these questions (in-sample); and 5-fold out-of-fold
 * figures, each fold ranked with the weights picked on the other four folds of these questions only. And the
 * shipped weights with the community library's votes, as the plugin would rank if the votes were on (they are not:
 * this line is why the plugin uses the library for its prompt's examples only): kql-library's
 * {@link ExamplePicker} over the whole community corpus (read by the product's
 * {@link ExampleLibrary}) with {@link io.secai.kql.examples.ExampleVotes}' shipped defaults, nothing tuned here. The
 * community queries are a different corpus from NL2KQL's questions, so none is held out; the line also says how many
 * NL2KQL gold queries occur, up to case and white space, among the community queries (0: no copy to lean on).
 */
public final class DefenderPluginShortlist {
    private static final int FOLDS = 5;

    private DefenderPluginShortlist() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> folder = Nl2KqlData.locate();
        if (folder.isEmpty()) {
            return;
        }
        WorkspaceSchema schema = AdvancedHuntingSchema.load();
        Nl2KqlData data = Nl2KqlData.load(folder.get(), false);
        List<QuestionSources.Case> cases = new ArrayList<>();
        int goldOutside = 0;
        for (Nl2KqlData.Case c : data.cases()) {
            if (!c.goldTables().isEmpty()) {
                cases.add(new QuestionSources.Case(c.question(), c.goldTables(), c.question()));
                goldOutside += c.goldTables().stream().anyMatch(t -> !schema.tables().containsKey(t)) ? 1 : 0;
            }
        }
        List<ShortlistWeights> grid = ShortlistCrossValidation.grid();
        List<List<List<String>>> ranked = new ArrayList<>();
        for (ShortlistWeights weights : grid) {
            ranked.add(ShortlistCrossValidation.rankAll(new TableShortlist(schema, weights), cases));
        }
        int[][] folds = {KFold.folds(cases.stream().map(QuestionSources.Case::group).toList(), FOLDS)};
        double[][][][] hits = new double[1][grid.size()][][];
        for (int g = 0; g < grid.size(); g++) {
            hits[0][g] = ShortlistCrossValidation.criteria(cases, ranked.get(g));
        }
        int inSamplePick = KFold.pick(hits, folds, -1);
        List<List<String>> outOfFold = new ArrayList<>();
        int[] foldPicks = new int[FOLDS];
        for (int f = 0; f < FOLDS; f++) {
            foldPicks[f] = KFold.pick(hits, folds, f);
        }
        for (int i = 0; i < cases.size(); i++) {
            outOfFold.add(ranked.get(foldPicks[folds[0][i]]).get(i));
        }
        System.out.printf("kql shortlist as the Defender XDR plugin uses it: %d NL2KQL Defender questions over the"
                + " plugin's advanced-hunting schema (%d tables; %d questions read a table it lacks), top 5;"
                + " recall@1 @3 @5 | all-gold-in-top-1 -3 -5%n", cases.size(), schema.tables().size(), goldOutside);
        print("plain BM25", ShortlistCrossValidation.Figures.of(cases, ShortlistCrossValidation.rankAll(
                new TableShortlist(schema, ShortlistCrossValidation.plainBm25()), cases)));
        print("shipped weights, as the plugin ranks (in-sample)", ShortlistCrossValidation.Figures.of(cases,
                ShortlistCrossValidation.rankAll(TableShortlist.of(schema), cases)));
        print("grid pick on all questions (in-sample)", ShortlistCrossValidation.Figures.of(cases,
                ranked.get(inSamplePick)));
        print("out-of-fold (weights picked on the other folds)", ShortlistCrossValidation.Figures.of(cases,
                outOfFold));
        Path shared = folder.get().getParent();
        if (java.nio.file.Files.isRegularFile(shared.resolve("kql-community/queries.jsonl"))) {
            try (CommunityLibrary community = CommunityLibrary.write(shared)) {
                ExampleLibrary library = new ExampleLibrary(List.of(community.folder()), note -> { });
                ExamplePicker picker = ExamplePicker.of(library, 0);
                TableShortlist shortlist = TableShortlist.of(schema);
                List<List<String>> voted = new ArrayList<>();
                for (QuestionSources.Case c : cases) {
                    voted.add(picker.tables(c.question(), schema, shortlist, 5).tables());
                }
                java.util.Set<String> communityQueries = new java.util.HashSet<>();
                library.examples().forEach(e -> communityQueries.add(normalised(e.kql())));
                long copies = data.cases().stream().filter(c -> !c.goldTables().isEmpty())
                        .filter(c -> communityQueries.contains(normalised(c.goldKql()))).count();
                List<List<String>> plain = ShortlistCrossValidation.rankAll(shortlist, cases);
                int gained = 0;
                int lost = 0;
                for (int i = 0; i < cases.size(); i++) {
                    boolean before = plain.get(i).containsAll(cases.get(i).goldTables());
                    boolean after = voted.get(i).containsAll(cases.get(i).goldTables());
                    gained += !before && after ? 1 : 0;
                    lost += before && !after ? 1 : 0;
                    if (before != after && List.of(args).contains("--misses")) {
                        System.out.println("    VOTES " + (after ? "GAIN " : "LOSE ") + cases.get(i).goldTables()
                                + " got " + voted.get(i) + " :: " + cases.get(i).question());
                    }
                }
                print("shipped weights + community library's votes", ShortlistCrossValidation.Figures.of(cases,
                        voted));
                System.out.printf("    (ExampleVotes defaults, whole community corpus: %d examples, %d admitted by the"
                        + " guard on this schema; a different corpus, so no leakage: %d NL2KQL gold queries are"
                        + " also community queries; all gold in the top 5 gained by the votes on %d questions, lost"
                        + " on %d)%n", library.examples().size(), library.index(schema).size(), copies, gained, lost);
            }
        } else {
            System.out.println("  with the community library's votes: SKIPPED, no kql-community/queries.jsonl at "
                    + shared.toAbsolutePath().normalize());
        }
        if (List.of(args).contains("--misses")) {
            for (int i = 0; i < cases.size(); i++) {
                if (!outOfFold.get(i).containsAll(cases.get(i).goldTables())) {
                    System.out.println("    MISS " + cases.get(i).goldTables() + " got " + outOfFold.get(i) + " :: "
                            + cases.get(i).question());
                }
            }
        }
    }

    private static String normalised(String kql) {
        return kql.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private static void print(String label, ShortlistCrossValidation.Figures figures) {
        System.out.printf("  %-50s %s%n", label, figures.row());
    }
}
