package io.secai.kql.semantic;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoreFusionTest {
    private static Map<String, Double> scores(Object... pairs) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return map;
    }

    private final Map<String, Double> lexical = scores("A", 0, "B", 7.5, "C", 0, "D", 2.0, "E", 0);
    private final Map<String, Double> semantic = scores("A", 0.1, "B", 0.2, "C", 0.6, "D", 0.3, "E", 0.15);

    @Test
    void weightZeroGivesTheLexicalRankingBackTiesInSchemaOrder() {
        for (ScoreFusion.Form form : ScoreFusion.Form.values()) {
            assertThat(new ScoreFusion(form, 0).rank(lexical, semantic, 5)).containsExactly("B", "D", "A", "C", "E");
        }
    }

    @Test
    void theSemanticScoreBreaksLexicalTiesAndCanLiftATableWhenWeighted() {
        // Small weight: lexical order first, the tables BM25 scores 0 ordered by meaning.
        assertThat(new ScoreFusion(ScoreFusion.Form.MIN_MAX, 0.1).rank(lexical, semantic, 5))
                .containsExactly("B", "D", "C", "E", "A");
        // Min-max: B = 1 + w*0.2, C = 0 + w*1.0, D = 0.267 + w*0.4; at w = 2 C leads.
        assertThat(new ScoreFusion(ScoreFusion.Form.MIN_MAX, 2).rank(lexical, semantic, 2)).containsExactly("C", "B");
        // Reciprocal rank: lexical ranks B 1, D 2, the rest tie at 3; semantic ranks C 1, D 2, B 3.
        Map<String, Double> rrf = new ScoreFusion(ScoreFusion.Form.RECIPROCAL_RANK, 1).fuse(lexical, semantic);
        assertThat(rrf.get("B")).isEqualTo(1 / 61.0 + 1 / 63.0);
        assertThat(rrf.get("C")).isEqualTo(1 / 63.0 + 1 / 61.0);
        assertThat(rrf.get("D")).isEqualTo(2 / 62.0);
    }

    @Test
    void constantScoresNormaliseToZeroAndAMissingSemanticScoreCountsAsLowest() {
        Map<String, Double> flat = scores("A", 3, "B", 3);
        assertThat(ScoreFusion.minMax(flat)).containsEntry("A", 0.0).containsEntry("B", 0.0);
        assertThat(new ScoreFusion(ScoreFusion.Form.MIN_MAX, 1).rank(flat, scores("B", 0.4, "C", 0.1), 2))
                .isEqualTo(List.of("B", "A"));
    }

    @Test
    void refusesANegativeOrNonFiniteWeight() {
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ScoreFusion(ScoreFusion.Form.MIN_MAX, bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("semantic weight");
        }
    }
}
