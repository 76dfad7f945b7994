package io.secai.terminal.usage;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

import io.secai.api.Settings;
import io.secai.api.TokenUsage;
import io.secai.engine.ModelUsage;

/**
 * Model prices per 1,000 tokens, from {@code openai.pricing.prompt-per-1k} and
 * {@code openai.pricing.completion-per-1k}, to estimate what a prompt cost.
 *
 * @param promptPer1k price of 1,000 prompt tokens, or empty when not configured
 * @param completionPer1k price of 1,000 completion tokens, or empty when not configured
 */
public record Pricing(OptionalDouble promptPer1k, OptionalDouble completionPer1k) {
    /** The setting holding the prompt price. */
    public static final String PROMPT_KEY = "openai.pricing.prompt-per-1k";
    /** The setting holding the completion price. */
    public static final String COMPLETION_KEY = "openai.pricing.completion-per-1k";

    /** No prices: costs are not shown. */
    public static final Pricing NONE = new Pricing(OptionalDouble.empty(), OptionalDouble.empty());

    /**
     * @param settings the configuration
     * @return the prices; a value that is not a number counts as not configured
     */
    public static Pricing from(Settings settings) {
        return new Pricing(number(settings.string(PROMPT_KEY)), number(settings.string(COMPLETION_KEY)));
    }

    /**
     * The prices of one model profile: its own {@code llm.models.<name>.pricing.*}, else the general ones.
     *
     * @param model what the profile spent, with its options
     * @return the profile's prices
     */
    public Pricing forModel(ModelUsage model) {
        OptionalDouble prompt = number(Optional.ofNullable(model.options().get("pricing.prompt-per-1k")));
        OptionalDouble completion = number(Optional.ofNullable(model.options().get("pricing.completion-per-1k")));
        return prompt.isEmpty() && completion.isEmpty() ? this : new Pricing(prompt, completion);
    }

    private static OptionalDouble number(Optional<String> text) {
        if (text.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double value = Double.parseDouble(text.get().trim());
            return value > 0 ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /**
     * @param usage tokens spent
     * @return the estimated cost, or empty when no price is configured
     */
    public OptionalDouble cost(TokenUsage usage) {
        if (promptPer1k.isEmpty() && completionPer1k.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(usage.promptTokens() / 1000.0 * promptPer1k.orElse(0)
                + usage.completionTokens() / 1000.0 * completionPer1k.orElse(0));
    }

    /**
     * @param usage tokens spent
     * @return the cost as text ({@code $0.0123}), or empty when no price is configured
     */
    public Optional<String> costText(TokenUsage usage) {
        OptionalDouble cost = cost(usage);
        return cost.isPresent() ? Optional.of(String.format(Locale.ROOT, "$%.4f", cost.getAsDouble()))
                : Optional.empty();
    }
}
