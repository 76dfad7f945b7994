package io.secai.testkit.plugin;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.function.ToIntFunction;

/** How a {@link ScriptedLlmClient} counts tokens for {@code LlmClient.countTokens} and for the usage it reports. */
public enum TokenCounting implements ToIntFunction<String> {

    /** One token per four characters, rounded up: instant, and easy to reason about when a test sizes a budget. */
    ROUGH {
        @Override
        public int applyAsInt(String text) {
            return (text.length() + 3) / 4;
        }
    },

    /**
     * The {@code o200k_base} tokenizer of GPT-4o models, which SecAI's Azure OpenAI client counts with: for tests
     * whose budgets must match production. Its vocabulary loads on first use, which takes a moment.
     */
    O200K {
        @Override
        public int applyAsInt(String text) {
            return O200kBase.ENCODING.countTokensOrdinary(text);
        }
    };

    /** Loads the vocabulary only when a test asks for it. */
    private static final class O200kBase {
        private static final Encoding ENCODING =
                Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }
}
