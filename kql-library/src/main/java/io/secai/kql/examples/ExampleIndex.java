package io.secai.kql.examples;

import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.shortlist.Terms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the library examples closest to a question, among those that can run on one workspace.
 *
 * <p>An example is admitted when the guard passes it against the workspace's schema: it reads only tables the
 * workspace has and is read-only (the guard the library is built with decides whether columns are checked too).
 * Admitted examples are ranked by BM25 over their title (counted twice), description, tags and the table and
 * column names the query reads; the score is then scaled to the best one and added to the share of the example's
 * tables that the table shortlist chose for the question, times a weight, so that among examples about the same
 * thing, those reading the right tables come first. An index is immutable and may be shared.
 */
public final class ExampleIndex {
    private static final double K1 = 1.2;
    private static final double B = 0.75;

    /** One pick: the example, the tables it reads, its score. */
    public record Pick(KqlExample example, List<String> tables, double score) {
    }

    private record Entry(KqlExample example, List<String> tables, Map<String, Integer> frequencies, int length) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final double averageLength;
    private final int refused;
    private final double hintWeight;

    /**
     * @param examples the library
     * @param guard the workspace's guard, or null to admit every example (plain retrieval, for comparison)
     * @param hintWeight how much the share of an example's tables on the shortlist adds to its scaled text score
     */
    public ExampleIndex(List<KqlExample> examples, KqlGuard guard, double hintWeight) {
        this.hintWeight = hintWeight;
        int refusedCount = 0;
        long totalLength = 0;
        for (KqlExample example : examples) {
            List<String> tables;
            List<String> columns;
            if (guard != null) {
                GuardReport report = guard.check(example.kql());
                if (!report.passed() || report.tables().isEmpty()) {
                    refusedCount++;
                    continue;
                }
                tables = report.tables();
                columns = report.columns();
            } else {
                tables = List.of();
                columns = List.of();
            }
            List<String> terms = new ArrayList<>(Terms.of(example.title()));
            terms.addAll(Terms.of(example.title()));
            terms.addAll(Terms.of(example.description()));
            example.tags().forEach(tag -> terms.addAll(Terms.of(tag)));
            tables.forEach(table -> terms.addAll(Terms.of(table)));
            columns.forEach(column -> terms.addAll(Terms.of(column)));
            Map<String, Integer> frequencies = new HashMap<>();
            terms.forEach(term -> frequencies.merge(term, 1, Integer::sum));
            frequencies.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
            entries.add(new Entry(example, List.copyOf(tables), frequencies, terms.size()));
            totalLength += terms.size();
        }
        this.refused = refusedCount;
        this.averageLength = entries.isEmpty() ? 1 : Math.max(1, (double) totalLength / entries.size());
    }

    /** @return how many examples were admitted */
    public int size() {
        return entries.size();
    }

    /** @return how many examples the guard refused for this workspace */
    public int refused() {
        return refused;
    }

    /**
     * @param question the user's words
     * @param k how many examples at most
     * @param tableHints the tables the shortlist chose for the question, best first; empty for text alone
     * @param exclude ids of examples not to pick (the question's own page, when measuring)
     * @return the closest examples, best first; none when no example shares a word with the question
     */
    public List<Pick> pick(String question, int k, List<String> tableHints, Set<String> exclude) {
        Map<String, Integer> query = new HashMap<>();
        Terms.of(question).forEach(term -> query.merge(term, 1, Integer::sum));
        double[] text = new double[entries.size()];
        double best = 0;
        for (int e = 0; e < entries.size(); e++) {
            Entry entry = entries.get(e);
            if (exclude.contains(entry.example().id())) {
                continue;
            }
            double score = 0;
            for (Map.Entry<String, Integer> term : query.entrySet()) {
                int tf = entry.frequencies().getOrDefault(term.getKey(), 0);
                if (tf == 0) {
                    continue;
                }
                int df = documentFrequency.get(term.getKey());
                double idf = Math.log(1 + (entries.size() - df + 0.5) / (df + 0.5));
                double norm = K1 * (1 - B + B * entry.length() / averageLength);
                score += term.getValue() * idf * tf * (K1 + 1) / (tf + norm);
            }
            text[e] = score;
            best = Math.max(best, score);
        }
        if (best <= 0) {
            return List.of();
        }
        Set<String> hints = new HashSet<>(tableHints);
        List<Pick> picks = new ArrayList<>();
        for (int e = 0; e < entries.size(); e++) {
            if (text[e] <= 0) {
                continue;
            }
            Entry entry = entries.get(e);
            double hinted = entry.tables().isEmpty() ? 0
                    : (double) entry.tables().stream().filter(hints::contains).count() / entry.tables().size();
            picks.add(new Pick(entry.example(), entry.tables(), text[e] / best + hintWeight * hinted));
        }
        picks.sort(Comparator.comparingDouble(Pick::score).reversed()
                .thenComparing(p -> p.example().id()));
        return List.copyOf(picks.subList(0, Math.min(k, picks.size())));
    }
}
