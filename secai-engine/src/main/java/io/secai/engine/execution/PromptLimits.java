package io.secai.engine.execution;

import io.secai.api.SecAiException;
import io.secai.api.Settings;

/**
 * What a prompt may be before anything is sent for it.
 *
 * @param maxChars the longest prompt accepted, in characters ({@code secai.prompt.max-chars})
 */
public record PromptLimits(int maxChars) {

    /** Default for {@code secai.prompt.max-chars}. */
    public static final int DEFAULT_MAX_CHARS = 8_000;

    public PromptLimits {
        if (maxChars < 1) {
            throw new SecAiException("secai.prompt.max-chars must be at least 1, not " + maxChars + ".");
        }
    }

    /**
     * Reads {@code secai.prompt.max-chars}.
     *
     * @param settings the merged configuration
     * @return the limits
     */
    public static PromptLimits from(Settings settings) {
        return new PromptLimits(settings.integer("secai.prompt.max-chars", DEFAULT_MAX_CHARS));
    }
}
