package io.secai.engine.config;

import io.secai.api.Settings;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Masks known secret values in text before it reaches a log, the terminal, a web page or the audit log.
 *
 * <p>It knows the values, not patterns: whatever was configured as a secret is replaced wherever it appears,
 * including inside exception messages from SDKs that echo a request.
 */
public final class SecretRedactor {

    /** The settings that hold secrets. */
    public static final List<String> SECRET_PATHS =
            List.of("openai.api-key", "llm.api-key", "azure.client-secret", "azure.access-token", "web.token",
                    "web.tls.password");

    private static final String MASK = "***";

    private final List<String> secrets;

    /**
     * @param secrets the values to mask; blank ones are ignored
     */
    public SecretRedactor(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(secret -> !secret.isEmpty())
                .distinct()
                // Longest first, so that a secret containing another is masked whole.
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /**
     * @param settings the settings whose {@link #SECRET_PATHS} values are secrets
     * @return a redactor for them
     */
    public static SecretRedactor of(Settings settings) {
        java.util.List<String> secrets = new java.util.ArrayList<>(SECRET_PATHS.stream()
                .map(settings::string)
                .flatMap(java.util.Optional::stream)
                .toList());
        // Each named model profile may carry its own key (llm.models.<name>.api-key).
        settings.map("llm.models").forEach((key, value) -> {
            if (key.endsWith(".api-key") || key.endsWith(".\"api-key\"")) {
                secrets.add(value);
            }
        });
        return new SecretRedactor(secrets);
    }

    /**
     * @param text any text, or null
     * @return the text with every known secret replaced by {@code ***}; null stays null
     */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    @Override
    public String toString() {
        return "SecretRedactor[" + secrets.size() + " secrets]";
    }
}
