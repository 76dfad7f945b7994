package io.secai.kql.bench;

import io.secai.kql.shortlist.TableShortlist;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Shortlist quality on the NL2KQL Defender set: recall@1/3/5 (the mean share of a question's gold tables found in
 * the top k) and all-gold@k (the share of questions whose gold tables are all in the top k). Run it with
 * {@code bench/kql-shortlist.sh}; pass {@code --no-catalog} to rank from the schema alone.
 */
public final class ShortlistBenchmark {
    private ShortlistBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> folder = Nl2KqlData.locate();
        if (folder.isEmpty()) {
            return;
        }
        boolean withCatalog = !List.of(args).contains("--no-catalog");
        boolean verbose = List.of(args).contains("--misses");
        Nl2KqlData data = Nl2KqlData.load(folder.get(), withCatalog);
        TableShortlist shortlist = TableShortlist.of(data.schema());
        int[] ks = {1, 3, 5};
        double[] recall = new double[ks.length];
        int[] allGold = new int[ks.length];
        int counted = 0;
        for (Nl2KqlData.Case c : data.cases()) {
            if (c.goldTables().isEmpty()) {
                continue;
            }
            counted++;
            List<String> ranked = shortlist.rank(c.question(), 5);
            for (int k = 0; k < ks.length; k++) {
                List<String> top = ranked.subList(0, Math.min(ks[k], ranked.size()));
                long found = c.goldTables().stream().filter(top::contains).count();
                recall[k] += (double) found / c.goldTables().size();
                if (found == c.goldTables().size()) {
                    allGold[k]++;
                }
            }
            if (verbose && !ranked.containsAll(c.goldTables())) {
                System.out.println("MISS " + c.goldTables() + " got " + ranked + " :: " + c.question());
            }
        }
        System.out.printf("kql shortlist on %s (%d questions with gold tables, %d tables, catalog %s)%n",
                folder.get(), counted, data.schema().tables().size(), withCatalog ? "on" : "off");
        for (int k = 0; k < ks.length; k++) {
            System.out.printf("  k=%d  recall@k %.3f  all-gold-in-top-k %.3f%n", ks[k], recall[k] / counted,
                    (double) allGold[k] / counted);
        }
    }
}
