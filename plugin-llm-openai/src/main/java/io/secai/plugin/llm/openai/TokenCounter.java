package io.secai.plugin.llm.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.Locale;
import java.util.Optional;

/**
 * Counts tokens with the model family's encoding where jtokkit knows it (OpenAI's models), else estimates four
 * characters per token and says that it is an estimate.
 */
final class TokenCounter {

    private final Optional<Encoding> encoding;

    private TokenCounter(Optional<Encoding> encoding) {
        this.encoding = encoding;
    }

    static TokenCounter forModel(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        name = slash >= 0 ? name.substring(slash + 1) : name;
        EncodingRegistry registry = Registry.INSTANCE;
        Optional<Encoding> known = registry.getEncodingForModel(name);
        if (known.isEmpty() && (name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-5")
                || name.matches("o\\d.*"))) {
            // Newer OpenAI families than this jtokkit lists all use o200k_base.
            known = Optional.of(registry.getEncoding(EncodingType.O200K_BASE));
        }
        return new TokenCounter(known);
    }

    int count(String text) {
        return encoding.map(value -> value.countTokensOrdinary(text)).orElseGet(() -> (text.length() + 3) / 4);
    }

    boolean exact() {
        return encoding.isPresent();
    }

    /** Parsing a vocabulary takes a moment, so the registry loads each one lazily and once. */
    private static final class Registry {
        private static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
    }
}
