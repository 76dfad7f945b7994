package io.secai.kql.shortlist;

/**
 * The knobs of {@link TableShortlist}'s ranking.
 *
 * @param nameWeight weight of a term in the table's name
 * @param descriptionWeight weight of a term in the table's description
 * @param columnWeight weight of a term in a column's name
 * @param columnTextWeight weight of a term in a column's description or known values
 * @param synonymWeight how much an expanded synonym counts against the word the user wrote
 * @param k1 BM25 term-frequency saturation
 * @param b BM25 length normalisation
 * @param columnMentionBoost added for each column the question names exactly, divided among the tables having it
 * @param tableMentionBoost added when the question names the table exactly
 * @param nameCoverageBoost added times the squared share of the table name's words found in the question
 * @param nameLengthPenalty taken per word of the table's name, so that general tables win ties
 */
public record ShortlistWeights(double nameWeight, double descriptionWeight, double columnWeight,
                               double columnTextWeight, double synonymWeight, double k1, double b,
                               double columnMentionBoost, double tableMentionBoost, double nameCoverageBoost,
                               double nameLengthPenalty) {

    /**
     * @return the weights bench/kql-shortlist.sh picks on all three question sources with the catalog (Defender,
     *     community, own paraphrases); its out-of-fold columns estimate how they do on questions not seen
     */
    public static ShortlistWeights defaults() {
        return new ShortlistWeights(2.0, 1.0, 0.5, 0.0, 0.6, 1.2, 0.75, 2.0, 10.0, 3.0, 0.05);
    }
}
