package io.secai.kql.bench;

import io.secai.kql.shortlist.ShortlistWeights;
import io.secai.kql.shortlist.TableShortlist;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A coarse grid over the shortlist's weights, scored separately on the even and the odd questions, to show how
 * much the chosen defaults depend on the set they were picked on. Prints the ten best settings by the even half.
 */
public final class ShortlistSweep {
    private ShortlistSweep() {
    }

    public static void main(String[] args) throws Exception {
        Optional<Path> folder = Nl2KqlData.locate();
        if (folder.isEmpty()) {
            return;
        }
        Nl2KqlData data = Nl2KqlData.load(folder.get(), true);
        List<Nl2KqlData.Case> cases = data.cases().stream().filter(c -> !c.goldTables().isEmpty()).toList();
        record Row(ShortlistWeights weights, double even, double odd) {
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (double name : new double[] {2, 3, 5}) {
            for (double description : new double[] {0.5, 1.5, 3}) {
                for (double columnText : new double[] {0, 0.3, 1}) {
                    for (double synonym : new double[] {0.3, 0.5, 0.8}) {
                        for (double coverage : new double[] {1, 3, 6}) {
                            ShortlistWeights w = new ShortlistWeights(name, description, 1.0, columnText, synonym,
                                    1.2, 0.75, 2.0, 10.0, coverage, 0.05);
                            TableShortlist shortlist = new TableShortlist(data.schema(), w);
                            rows.add(new Row(w, allGoldAt5(shortlist, cases, 0), allGoldAt5(shortlist, cases, 1)));
                        }
                    }
                }
            }
        }
        rows.sort((a, b) -> Double.compare(b.even(), a.even()));
        rows.stream().limit(10).forEach(r -> System.out.printf("even %.3f odd %.3f %s%n", r.even(), r.odd(),
                r.weights()));
    }

    private static double allGoldAt5(TableShortlist shortlist, List<Nl2KqlData.Case> cases, int parity) {
        int hits = 0;
        int total = 0;
        for (int i = parity; i < cases.size(); i += 2) {
            total++;
            if (shortlist.rank(cases.get(i).question(), 5).containsAll(cases.get(i).goldTables())) {
                hits++;
            }
        }
        return (double) hits / total;
    }
}
