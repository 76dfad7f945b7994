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
        int settings = hits[0].length;
        int best = 0;
        double[] bestScore = null;
        for (int g = 0; g < settings; g++) {
            double[] score = null;
            for (int s = 0; s < hits.length; s++) {
                double[][] cases = hits[s][g];
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
                if (score == null) {
                    score = new double[sum.length];
                }
                for (int c = 0; c < sum.length && c < score.length; c++) {
                    score[c] += sum[c] / Math.max(1, training) / hits.length;
                }
            }
            if (bestScore == null || compare(score, bestScore) > 0) {
                best = g;
                bestScore = score;
            }
        }
        return best;
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
