package io.secai.engine;

import io.secai.api.TokenUsage;

import java.util.Map;
import java.util.Objects;

/**
 * What one model profile has spent since the engine started, for the usage report per model.
 *
 * @param profile the profile's name ({@code default} or {@code llm.models.<name>})
 * @param provider the connector that served it, for example {@code azure-openai} or {@code openai}
 * @param model the model (or deployment) name
 * @param usage calls and tokens
 * @param exactTokens whether the client counts tokens with the model's own encoding; when not, counts it made
 *     itself (context budgets, and usage for a server that reports none) are estimates and must be shown as such
 * @param options the profile's further settings, among them its prices ({@code pricing.prompt-per-1k},
 *     {@code pricing.completion-per-1k})
 */
public record ModelUsage(String profile, String provider, String model, TokenUsage usage, boolean exactTokens,
                         Map<String, String> options) {

    public ModelUsage {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(usage, "usage");
        options = Map.copyOf(options);
    }

    /** @return {@code provider:model}, as the report names it */
    public String label() {
        return provider + ":" + (model.isEmpty() ? "(unset)" : model);
    }
}
