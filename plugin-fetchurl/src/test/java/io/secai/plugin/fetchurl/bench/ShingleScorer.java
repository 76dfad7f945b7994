package io.secai.plugin.fetchurl.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The article-extraction benchmark's metric: tokens are runs of word characters, pages are compared as multisets
 * of 4-token shingles, each page's true positives, false positives and false negatives are normalised to sum to 1,
 * precision and recall are averaged over pages and F1 is computed from those averages.
 */
final class ShingleScorer {

    /**
     * Python's {@code \w} on text: letters, numbers and the underscore. Java's Unicode {@code \w} also takes
     * combining marks and connector punctuation, which would split and join tokens differently.
     */
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final int N = 4;

    /** Normalised counts of one page. */
    record PageScore(double truePositive, double falsePositive, double falseNegative) {
        double precision() {
            return truePositive + falsePositive == 0 ? 0 : truePositive / (truePositive + falsePositive);
        }

        double recall() {
            return truePositive + falseNegative == 0 ? 0 : truePositive / (truePositive + falseNegative);
        }
    }

    /** Averages over pages. */
    record Summary(double precision, double recall, double f1, int pages) {
    }

    static PageScore score(String truth, String prediction) {
        Map<List<String>, Integer> expected = shingles(truth);
        Map<List<String>, Integer> predicted = shingles(prediction);
        double tp = 0;
        double fp = 0;
        double fn = 0;
        Map<List<String>, Integer> all = new HashMap<>(expected);
        predicted.forEach((key, count) -> all.putIfAbsent(key, 0));
        for (List<String> key : all.keySet()) {
            int t = expected.getOrDefault(key, 0);
            int p = predicted.getOrDefault(key, 0);
            tp += Math.min(t, p);
            fp += Math.max(0, p - t);
            fn += Math.max(0, t - p);
        }
        double sum = tp + fp + fn;
        return sum == 0 ? new PageScore(0, 0, 0) : new PageScore(tp / sum, fp / sum, fn / sum);
    }

    static Summary summarize(List<PageScore> pages) {
        double precision = pages.stream().mapToDouble(PageScore::precision).average().orElse(0);
        double recall = pages.stream().mapToDouble(PageScore::recall).average().orElse(0);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Summary(precision, recall, f1, pages.size());
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text == null ? "" : text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    private static Map<List<String>, Integer> shingles(String text) {
        List<String> tokens = tokens(text);
        Map<List<String>, Integer> counts = new HashMap<>();
        int end = Math.max(1, tokens.size() - N + 1);
        for (int i = 0; i < end; i++) {
            List<String> shingle = tokens.subList(i, Math.min(tokens.size(), i + N));
            if (!shingle.isEmpty()) {
                counts.merge(List.copyOf(shingle), 1, Integer::sum);
            }
        }
        return counts;
    }

    private ShingleScorer() {
    }
}
