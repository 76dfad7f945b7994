package io.secai.plugin.fetchurl.extract;

/**
 * The extractor's two thresholds that trade recall for precision. The defaults were chosen on the development set;
 * the benchmark re-chooses them on training folds only and reports the held-out score beside the in-sample one.
 *
 * @param siblingShare a sibling of the best block joins it when its score reaches this share of the best score
 * @param linkDensity a container of the article is dropped when more than this share of its text is link text
 */
public record ExtractionTuning(double siblingShare, double linkDensity) {

    /** The shipped thresholds. */
    public static final ExtractionTuning DEFAULTS = new ExtractionTuning(0.2, 0.2);

    public ExtractionTuning {
        if (!(siblingShare > 0 && siblingShare < 1) || !(linkDensity > 0 && linkDensity < 1)) {
            throw new IllegalArgumentException("thresholds must lie between 0 and 1");
        }
    }
}
