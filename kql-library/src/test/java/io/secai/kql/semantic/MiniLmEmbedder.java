package io.secai.kql.semantic;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 in process: langchain4j's ONNX embeddings module (the model and its tokenizer ship inside a
 * Maven jar; ONNX Runtime runs it). Test scope for now: it is measured by {@code EmbeddingFusionBenchmark}, not
 * shipped (see the README's issue-11 embedding paragraph).
 *
 * <p>Input is cut to what the model reads: the tokenizer shipped with it truncates at 128 word pieces, [CLS] and
 * [SEP] included. (langchain4j's own tokenizer keeps that truncation, so it reads the same 128 without this cut;
 * cutting here makes the limit explicit and testable, and keeps the model's pass one segment whatever its version
 * does with longer text.) Embeds on the calling thread: no pool of its own.
 */
public final class MiniLmEmbedder implements TextEmbedder, AutoCloseable {
    /** The truncation length in the model's tokenizer.json, [CLS] and [SEP] included. */
    static final int MAX_TOKENS = 128;
    private static final int MAX_WORD_PIECES = MAX_TOKENS - 2;

    /** Which build of the model: its 32-bit floats, or the 8-bit quantized one (a quarter of the size). */
    public enum Variant {
        FULL("all-minilm-l6-v2-tokenizer.json"),
        QUANTIZED("all-minilm-l6-v2-q-tokenizer.json");

        private final String tokenizer;

        Variant(String tokenizer) {
            this.tokenizer = tokenizer;
        }
    }

    private final EmbeddingModel model;
    private final HuggingFaceTokenizer tokenizer;

    /** Loads the full model. */
    public MiniLmEmbedder() {
        this(Variant.FULL);
    }

    /** Loads the model and its tokenizer from the class path (no network). */
    public MiniLmEmbedder(Variant variant) {
        // A direct executor: embed(String) runs on the caller's thread anyway, and no idle pool is left behind.
        this.model = variant == Variant.FULL ? new AllMiniLmL6V2EmbeddingModel(Runnable::run)
                : new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
        try (InputStream json = model.getClass().getResourceAsStream("/" + variant.tokenizer)) {
            if (json == null) {
                throw new IllegalStateException(variant.tokenizer + " is missing from the model jar");
            }
            // Counting needs every word piece: the file's own truncation (128) would hide how long a text is.
            this.tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the all-MiniLM-L6-v2 tokenizer", e);
        }
    }

    @Override
    public float[] embed(String text) {
        return model.embed(withinTokenLimit(text)).content().vector();
    }

    /** The longest head of the text the model reads whole: at most {@link #MAX_TOKENS} with [CLS] and [SEP]. */
    String withinTokenLimit(String text) {
        String head = text;
        // Usually one pass; the loop guards against offsets that do not land exactly (bounded: the text shrinks).
        for (int pass = 0; pass < 4; pass++) {
            Encoding encoding = tokenizer.encode(head, false, false);
            CharSpan[] spans = encoding.getCharTokenSpans();
            if (spans.length <= MAX_WORD_PIECES) {
                return head;
            }
            int end = -1;
            for (int i = MAX_WORD_PIECES - 1; i >= 0 && end < 0; i--) {
                if (spans[i] != null) {
                    end = spans[i].getEnd();
                }
            }
            int cut = Math.min(head.length() - 1, end < 0 ? head.length() / 2 : Math.max(1, end));
            if (Character.isHighSurrogate(head.charAt(cut - 1))) {
                cut--;
            }
            head = head.substring(0, Math.max(1, cut));
        }
        return head.substring(0, Math.min(head.length(), MAX_WORD_PIECES)); // never reached in practice
    }

    /** The word pieces the model would read of a text, without [CLS] and [SEP] (for tests). */
    int wordPieces(String text) {
        return tokenizer.encode(text, false, false).getTokens().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
