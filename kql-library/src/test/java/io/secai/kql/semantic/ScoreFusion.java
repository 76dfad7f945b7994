package io.secai.kql.semantic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way to put the lexical shortlist score and the semantic score of each table together. The two live on
 * different scales (BM25F is unbounded and often 0 for most tables; a cosine sits in a narrow band), so each is
 * first brought to a common one, per question:
 *
 * <ul>
 *   <li>{@link Form#MIN_MAX}: each score minus the question's lowest, over the range (0 when all are equal), then
 *       {@code lexical + weight * semantic};</li>
 *   <li>{@link Form#RECIPROCAL_RANK}: reciprocal-rank fusion, {@code 1/(60 + lexical rank) + weight/(60 + semantic
 *       rank)}, tied scores sharing a rank.</li>
 * </ul>
 * Weight 0 gives the lexical ranking back unchanged (ties keep schema order in both).
 *
 * @param form how the scores are brought to one scale
 * @param weight the semantic score's weight, 0 or more
 */
public record ScoreFusion(Form form, double weight) {
    /** The usual constant of reciprocal-rank fusion (Cormack et al.): damps the head's lead. */
    static final double RRF_K = 60;

    /** See the class comment. */
    public enum Form { MIN_MAX, RECIPROCAL_RANK }

    public ScoreFusion {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("the semantic weight must be a finite number, 0 or more: " + weight);
        }
    }

    /**
     * @param lexical each table's shortlist score, in schema order
     * @param semantic each table's semantic score; a table it lacks counts as its lowest
     * @return each table's fused score, in the lexical map's order
     */
    public Map<String, Double> fuse(Map<String, Double> lexical, Map<String, Double> semantic) {
        Map<String, Double> a = form == Form.MIN_MAX ? minMax(lexical) : reciprocalRank(lexical);
        Map<String, Double> b = form == Form.MIN_MAX ? minMax(semantic) : reciprocalRank(semantic);
        Map<String, Double> fused = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : a.entrySet()) {
            fused.put(e.getKey(), e.getValue() + weight * b.getOrDefault(e.getKey(), 0.0));
        }
        return fused;
    }

    /**
     * @return the best {@code limit} tables of {@link #fuse}, best first; equal scores keep the lexical map's order
     */
    public List<String> rank(Map<String, Double> lexical, Map<String, Double> semantic, int limit) {
        return fuse(lexical, semantic).entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    static Map<String, Double> minMax(Map<String, Double> scores) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double s : scores.values()) {
            low = Math.min(low, s);
            high = Math.max(high, s);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            out.put(e.getKey(), high > low ? (e.getValue() - low) / (high - low) : 0.0);
        }
        return out;
    }

    static Map<String, Double> reciprocalRank(Map<String, Double> scores) {
        List<Double> sorted = new ArrayList<>(scores.values());
        sorted.sort(Comparator.reverseOrder());
        Map<Double, Integer> firstRank = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            firstRank.putIfAbsent(sorted.get(i), i + 1);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        scores.forEach((name, s) -> out.put(name, 1 / (RRF_K + firstRank.get(s))));
        return out;
    }
}
