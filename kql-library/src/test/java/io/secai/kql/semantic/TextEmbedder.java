package io.secai.kql.semantic;

/**
 * Turns text into a vector whose cosine with another text's vector says how close their meanings are. The table
 * shortlist's semantic signal is written against this, so that the model behind it (an in-process ONNX model, say)
 * stays a choice of whoever builds it.
 */
@FunctionalInterface
public interface TextEmbedder {
    /**
     * @param text non-blank text of at most {@link SemanticTableScores#MAX_TEXT_CHARS} characters; an implementation
     *             cuts it further to its model's input limit
     * @return the text's vector; every call returns vectors of one length
     */
    float[] embed(String text);
}
