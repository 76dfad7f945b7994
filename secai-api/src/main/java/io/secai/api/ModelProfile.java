package io.secai.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured model: which service, where, which model and how to call it. Created by the engine from
 * {@code llm.*} settings and handed to an {@link LlmConnector}.
 *
 * @since 1.1
 */
public final class ModelProfile {

    private final String name;
    private final String provider;
    private final Optional<String> endpoint;
    private final String model;
    private final Optional<String> apiKey;
    private final Map<String, String> options;

    private ModelProfile(String name, String provider, Optional<String> endpoint, String model,
                         Optional<String> apiKey, Map<String, String> options) {
        this.name = Objects.requireNonNull(name, "name");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint").map(String::trim).filter(s -> !s.isEmpty());
        this.model = Objects.requireNonNull(model, "model");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey").map(String::trim).filter(s -> !s.isEmpty());
        this.options = Map.copyOf(options);
    }

    /**
     * Creates a profile.
     *
     * @param name the profile's name ({@code default} or the {@code <name>} of {@code llm.models.<name>})
     * @param provider the connector that serves it, for example {@code openai}
     * @param endpoint the service's base address, empty for the provider's default
     * @param model the model (or deployment) name
     * @param apiKey the key, empty when the service needs none
     * @param options further settings of the profile by key (for example {@code temperature}, {@code max-tokens},
     *     {@code timeout}, {@code retry.max-attempts}, {@code retry.max-wait})
     * @return the profile
     */
    public static ModelProfile of(String name, String provider, Optional<String> endpoint, String model,
                                  Optional<String> apiKey, Map<String, String> options) {
        return new ModelProfile(name, provider, endpoint, model, apiKey, options);
    }

    /** @return the profile's name */
    public String name() {
        return name;
    }

    /** @return the connector that serves it */
    public String provider() {
        return provider;
    }

    /** @return the base address, empty for the provider's default */
    public Optional<String> endpoint() {
        return endpoint;
    }

    /** @return the model name */
    public String model() {
        return model;
    }

    /** @return the key, empty when none is configured */
    public Optional<String> apiKey() {
        return apiKey;
    }

    /** @return further settings by key */
    public Map<String, String> options() {
        return options;
    }

    /**
     * Gives one option.
     *
     * @param key the option's key
     * @return its value, empty when unset or blank
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).map(String::trim).filter(value -> !value.isEmpty());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelProfile that && name.equals(that.name) && provider.equals(that.provider)
                && endpoint.equals(that.endpoint) && model.equals(that.model) && apiKey.equals(that.apiKey)
                && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, provider, endpoint, model, apiKey, options);
    }

    /** The key never appears. */
    @Override
    public String toString() {
        return "ModelProfile[name=" + name + ", provider=" + provider + ", endpoint=" + endpoint.orElse("(default)")
                + ", model=" + model + ", apiKey=" + (apiKey.isPresent() ? "***" : "(none)") + ", options="
                + options + "]";
    }
}
