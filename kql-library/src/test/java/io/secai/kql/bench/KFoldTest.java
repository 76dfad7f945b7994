package io.secai.kql.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KFoldTest {
    @Test
    void casesOfOneGroupShareAFoldAndEveryFoldIsUsed() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            groups.add("page-" + i / 2); // two versions of each page
        }
        int[] folds = KFold.folds(groups, 5);
        for (int i = 0; i < groups.size(); i += 2) {
            assertThat(folds[i]).as(groups.get(i)).isEqualTo(folds[i + 1]);
        }
        assertThat(java.util.Arrays.stream(folds).allMatch(f -> f >= 0 && f < 5)).isTrue();
        for (int f = 0; f < 5; f++) {
            int fold = f;
            assertThat(java.util.Arrays.stream(folds).filter(x -> x == fold).count()).as("fold " + f).isPositive();
        }
        assertThat(KFold.folds(groups, 5)).as("stable between runs").containsExactly(folds);
    }

    /**
     * Setting 1 looks best on everything only because of fold 0; scored on fold 0, the choice must not have seen
     * it, so setting 0 is chosen there.
     */
    @Test
    void aSettingIsNeverChosenOnTheFoldItIsScoredOn() {
        int[][] folds = {{0, 0, 1, 1, 2, 2, 3, 3, 4, 4}};
        double[][][][] hits = new double[1][2][10][];
        for (int i = 0; i < 10; i++) {
            hits[0][0][i] = new double[] {0.6};
            hits[0][1][i] = new double[] {folds[0][i] == 0 ? 1.0 : 0.55};
        }

        assertThat(KFold.pick(hits, folds, -1)).as("in-sample").isEqualTo(1);
        assertThat(KFold.pick(hits, folds, 0)).as("fold 0 held out").isEqualTo(0);
        assertThat(KFold.pick(hits, folds, 3)).as("fold 3 held out, fold 0 trains").isEqualTo(1);

        // Whatever the held-out fold's own results, its pick stays the same.
        for (int i = 0; i < 2; i++) {
            hits[0][0][i] = new double[] {0.0};
            hits[0][1][i] = new double[] {1.0};
        }
        assertThat(KFold.pick(hits, folds, 0)).isEqualTo(0);
    }

    @Test
    void laterCriteriaBreakTiesAndSourcesCountEqually() {
        int[][] folds = {{0, 1}, {0, 1, 2, 3}};
        double[][][][] hits = new double[2][2][][];
        // Source 0 (2 cases): both settings equal on the first criterion; setting 1 better on the second.
        hits[0][0] = new double[][] {{1, 0}, {1, 0}};
        hits[0][1] = new double[][] {{1, 1}, {1, 1}};
        // Source 1 (4 cases): equal.
        hits[1][0] = new double[][] {{0.5, 0}, {0.5, 0}, {0.5, 0}, {0.5, 0}};
        hits[1][1] = new double[][] {{0.5, 0}, {0.5, 0}, {0.5, 0}, {0.5, 0}};
        assertThat(KFold.pick(hits, folds, -1)).isEqualTo(1);

        // A small source weighs as much as a large one: setting 0 wins the large source by 0.25 and loses the
        // small one by 0.5.
        hits[0][0] = new double[][] {{0.5, 0}, {0.5, 0}};
        hits[0][1] = new double[][] {{1, 0}, {1, 0}};
        hits[1][0] = new double[][] {{0.75, 0}, {0.75, 0}, {0.75, 0}, {0.75, 0}};
        assertThat(KFold.pick(hits, folds, -1)).isEqualTo(1);
    }

    @Test
    void aSettingThatHurtsOneSourceIsNotTakenWhenNoWorseIsAsked() {
        int[][] folds = {{0, 1}, {0, 1}};
        double[][][][] hits = new double[2][3][][];
        // Setting 0 is the baseline; setting 1 gains a lot on source 0 and loses on source 1; setting 2 gains a
        // little on source 0 and keeps source 1.
        hits[0][0] = new double[][] {{0.5}, {0.5}};
        hits[1][0] = new double[][] {{0.9}, {0.9}};
        hits[0][1] = new double[][] {{1.0}, {1.0}};
        hits[1][1] = new double[][] {{0.8}, {0.8}};
        hits[0][2] = new double[][] {{0.6}, {0.6}};
        hits[1][2] = new double[][] {{0.9}, {0.9}};

        assertThat(KFold.pick(hits, folds, -1)).as("best mean").isEqualTo(1);
        assertThat(KFold.pickNoWorse(hits, folds, -1, 0)).as("no source worse than setting 0").isEqualTo(2);
        assertThat(KFold.pickNoWorse(hits, folds, 0, 0)).as("held-out fold 0").isEqualTo(2);
        // The loss only on the held-out fold is not seen: setting 1 is taken when its training cases keep source 1.
        hits[1][1] = new double[][] {{0.0}, {0.9}};
        assertThat(KFold.pickNoWorse(hits, folds, 0, 0)).isEqualTo(1);
        assertThat(KFold.pickNoWorse(hits, folds, 1, 0)).isEqualTo(2);
    }
}
