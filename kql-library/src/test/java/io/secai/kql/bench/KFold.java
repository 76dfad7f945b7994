package io.secai.kql.bench;

import java.util.List;

/**
 * The held-out discipline of the benchmarks: cases go to folds by a stable hash of their group (so near-copies share
 * a fold), and a setting is picked on every fold but the one it will be scored on.
 */
final class KFold {
    private KFold() {
    }

    /**
     * @param groups each case's group; cases of one group land in one fold
     * @param count how many folds
     * @return each case's fold, 0 to count - 1
     */
    static int[] folds(List<String> groups, int count) {
        int[] folds = new int[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            long h = 1125899906842597L;
            for (char c : groups.get(i).toCharArray()) {
                h = 31 * h + c;
            }
            h ^= h >>> 29;
            h *= 0xbf58476d1ce4e5b9L;
            h ^= h >>> 32;
            folds[i] = (int) Math.floorMod(h, count);
        }
        return folds;
    }

    /**
     * The setting with the best mean, over sources, of each source's mean per-case criteria on the training cases;
     * criteria are compared in order (the first decides, later ones break ties), and the first setting wins a full
     * tie.
     *
     * @param hits hits[source][setting][case] = the case's criteria under that setting, most important first
     * @param folds folds[source][case]
     * @param heldOut the fold left out of the choice, or -1 to choose on everything (in-sample)
     * @return the index of the chosen setting
     */
    static int pick(double[][][][] hits, int[][] folds, int heldOut) {
        return pickNoWorse(hits, folds, heldOut, -1);
    }

    /**
     * As {@link #pick}, but only among settings that do no worse than {@code baseline} on any source, on the first
     * criterion, over the same training cases: a signal that helps one source by hurting another is not taken
     * (the rule the catalog follows, for the example library). The baseline itself always qualifies.
     *
     * @param baseline the setting every source keeps at least, or -1 for no constraint
     */
    static int pickNoWorse(double[][][][] hits, int[][] folds, int heldOut, int baseline) {
        int settings = hits[0].length;
        double[][] floor = baseline < 0 ? null : perSource(hits, folds, heldOut, baseline);
        int best = -1;
        double[] bestScore = null;
        for (int g = 0; g < settings; g++) {
            double[][] bySource = perSource(hits, folds, heldOut, g);
            boolean allowed = true;
            for (int s = 0; floor != null && s < bySource.length; s++) {
                if (bySource[s].length > 0 && bySource[s][0] < floor[s][0] - 1e-9) {
                    allowed = false;
                }
            }
            if (!allowed) {
                continue;
            }
            double[] score = new double[bySource[0].length];
            for (double[] source : bySource) {
                for (int c = 0; c < source.length && c < score.length; c++) {
                    score[c] += source[c] / hits.length;
                }
            }
            if (bestScore == null || compare(score, bestScore) > 0) {
                best = g;
                bestScore = score;
            }
        }
        return best;
    }

    /** Each source's mean criteria for one setting over the training cases. */
    private static double[][] perSource(double[][][][] hits, int[][] folds, int heldOut, int setting) {
        double[][] means = new double[hits.length][];
        for (int s = 0; s < hits.length; s++) {
            double[][] cases = hits[s][setting];
            double[] sum = new double[cases.length == 0 ? 0 : cases[0].length];
            int training = 0;
            for (int i = 0; i < cases.length; i++) {
                if (folds[s][i] == heldOut) {
                    continue;
                }
                training++;
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += cases[i][c];
                }
            }
            for (int c = 0; c < sum.length; c++) {
                sum[c] /= Math.max(1, training);
            }
            means[s] = sum;
        }
        return means;
    }

    private static int compare(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-9) {
                return a[i] > b[i] ? 1 : -1;
            }
        }
        return 0;
    }
}
