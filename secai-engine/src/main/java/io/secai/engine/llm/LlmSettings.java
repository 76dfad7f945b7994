package io.secai.engine.llm;

import io.secai.api.ModelProfile;
import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which models SecAI uses: the default profile ({@code llm.provider}, {@code llm.endpoint}, {@code llm.model},
 * {@code llm.api-key}), named profiles ({@code llm.models.<name>}), the profile of each role ({@code llm.roles.*})
 * and private mode ({@code llm.local-only}, {@code llm.allowed-hosts}).
 *
 * <p>For the {@code azure-openai} provider, endpoint, key and model default to the {@code openai.*} keys, so that
 * configurations written before profiles existed mean what they meant.
 *
 * @param profiles the profiles by name; {@code default} is always there
 * @param roles the profile name of each role
 * @param localOnly whether only loopback and allowed hosts may be called
 * @param allowedHosts hosts private mode allows besides loopback
 */
public record LlmSettings(Map<String, ModelProfile> profiles, Map<ModelRole, String> roles, boolean localOnly,
                          List<String> allowedHosts) {

    /** The provider built into the engine. */
    public static final String AZURE_OPENAI = "azure-openai";
    /** The name of the profile that {@code llm.*} itself describes. */
    public static final String DEFAULT_PROFILE = "default";

    private static final Set<String> PROFILE_KEYS = Set.of("provider", "endpoint", "model", "api-key");
    /** The call options the default profile takes from {@code llm.*}, as a named one does from its own keys. */
    private static final List<String> DEFAULT_PROFILE_OPTIONS = List.of("temperature", "max-tokens",
            "reasoning-effort", "timeout", "stream", "retry.max-attempts", "retry.budget", "pricing.prompt-per-1k",
            "pricing.completion-per-1k");

    public LlmSettings {
        profiles = Map.copyOf(profiles);
        roles = Map.copyOf(roles);
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(profiles.get(DEFAULT_PROFILE), "the default profile");
    }

    /**
     * Reads the {@code llm.*} keys.
     *
     * @param settings the configuration
     * @return the models
     * @throws SecAiException when a role names a profile that does not exist
     */
    public static LlmSettings from(Settings settings) {
        String provider = settings.string("llm.provider").map(value -> value.trim().toLowerCase(Locale.ROOT))
                .orElse(AZURE_OPENAI);
        Map<String, ModelProfile> profiles = new LinkedHashMap<>();
        Map<String, String> defaultOptions = new LinkedHashMap<>();
        for (String key : DEFAULT_PROFILE_OPTIONS) {
            settings.string("llm." + key).filter(value -> !value.isBlank())
                    .ifPresent(value -> defaultOptions.put(key, value));
        }
        profiles.put(DEFAULT_PROFILE, profile(settings, DEFAULT_PROFILE, provider, settings.string("llm.endpoint"),
                settings.string("llm.model"), settings.string("llm.api-key"), defaultOptions));
        Map<String, Map<String, String>> named = new LinkedHashMap<>();
        settings.map("llm.models").forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot > 0) {
                named.computeIfAbsent(unquote(key.substring(0, dot)), name -> new LinkedHashMap<>())
                        .put(unquote(key.substring(dot + 1)), value);
            }
        });
        ModelProfile fallback = profiles.get(DEFAULT_PROFILE);
        named.forEach((name, entries) -> {
            Map<String, String> options = new LinkedHashMap<>(entries);
            PROFILE_KEYS.forEach(options::remove);
            String own = Optional.ofNullable(entries.get("provider")).map(value -> value.trim().toLowerCase(Locale.ROOT))
                    .filter(value -> !value.isEmpty()).orElse(provider);
            // A profile of the default's provider is usually another model on the same server: it inherits the
            // server's address and key unless it names its own. Another provider's profile inherits nothing.
            boolean sameServer = own.equals(provider);
            profiles.put(name, profile(settings, name, own,
                    nonBlank(entries.get("endpoint")).or(() -> sameServer ? fallback.endpoint() : Optional.empty()),
                    nonBlank(entries.get("model")),
                    nonBlank(entries.get("api-key")).or(() -> sameServer ? fallback.apiKey() : Optional.empty()),
                    options));
        });
        Map<ModelRole, String> roles = new EnumMap<>(ModelRole.class);
        for (ModelRole role : ModelRole.values()) {
            // The summary is a small, cheap call: by default it goes where planning goes.
            String unset = role == ModelRole.SUMMARY ? roles.getOrDefault(ModelRole.PLANNER, DEFAULT_PROFILE)
                    : DEFAULT_PROFILE;
            String name = settings.string("llm.roles." + role.key()).map(String::trim).orElse(unset);
            if (!profiles.containsKey(name)) {
                throw new SecAiException("llm.roles." + role.key() + " names the model profile \"" + name
                        + "\", but there is no llm.models." + name + " (profiles: "
                        + String.join(", ", profiles.keySet()) + ").");
            }
            roles.put(role, name);
        }
        return new LlmSettings(profiles, roles, settings.bool("llm.local-only", false),
                settings.list("llm.allowed-hosts"));
    }

    /**
     * @param role a role
     * @return the profile that serves it
     */
    public ModelProfile profileFor(ModelRole role) {
        return profiles.get(roles.getOrDefault(role, DEFAULT_PROFILE));
    }

    /** @return the API keys of all profiles, to mask wherever they might appear */
    public List<String> secrets() {
        return profiles.values().stream().map(ModelProfile::apiKey).flatMap(Optional::stream).distinct().toList();
    }

    private static ModelProfile profile(Settings settings, String name, String provider, Optional<String> endpoint,
                                        Optional<String> model, Optional<String> apiKey, Map<String, String> own) {
        Map<String, String> options = new LinkedHashMap<>();
        // The openai.* call settings are every profile's defaults; a profile's own keys win.
        settings.string("openai.temperature").ifPresent(value -> options.put("temperature", value));
        settings.string("openai.max-tokens").ifPresent(value -> options.put("max-tokens", value));
        settings.string("openai.timeout").ifPresent(value -> options.put("timeout", value));
        settings.string("openai.retry.max-attempts").ifPresent(value -> options.put("retry.max-attempts", value));
        settings.string("openai.retry.max-wait").ifPresent(value -> options.put("retry.max-wait", value));
        settings.string("openai.retry.budget").ifPresent(value -> options.put("retry.budget", value));
        options.putAll(own);
        if (provider.equals(AZURE_OPENAI)) {
            endpoint = endpoint.or(() -> settings.string("openai.endpoint"));
            model = model.or(() -> settings.string("openai.deployment"));
            apiKey = apiKey.or(() -> settings.string("openai.api-key"));
        }
        return ModelProfile.of(name, provider, endpoint, model.orElse(""), apiKey, options);
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(text -> !text.isEmpty());
    }

    private static String unquote(String key) {
        return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1)
                : key;
    }

    @Override
    public String toString() {
        return "LlmSettings[profiles=" + profiles.values() + ", roles=" + roles + ", localOnly=" + localOnly + "]";
    }
}
