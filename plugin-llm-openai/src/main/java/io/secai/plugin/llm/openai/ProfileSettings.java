package io.secai.plugin.llm.openai;

import io.secai.api.ModelProfile;
import io.secai.api.SecAiException;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One profile's settings as this connector reads them.
 *
 * @param profile the profile's name
 * @param endpoint the checked base address
 * @param model the model name sent with every request
 * @param apiKey the key, empty for servers that need none
 * @param temperature the temperature unless a request sets one; empty sends none
 * @param maxTokens the completion limit unless a request sets one
 * @param reasoningEffort sent as {@code reasoning_effort} when set ({@code low}, {@code medium}, {@code high})
 * @param timeout how long one HTTP exchange may take
 * @param maxAttempts how many times one call is tried, the first included
 * @param stream whether answers are streamed (a server that refuses is then asked without)
 */
record ProfileSettings(String profile, String endpoint, String model, Optional<String> apiKey,
                       OptionalDouble temperature, int maxTokens, Optional<String> reasoningEffort, Duration timeout,
                       int maxAttempts, boolean stream) {

    static ProfileSettings from(ModelProfile profile) {
        String endpoint = Endpoints.checked(profile.endpoint().orElse(Endpoints.OPENAI_API), profile.name());
        if (profile.model().isBlank()) {
            throw new SecAiException("The model profile \"" + profile.name() + "\" names no model: set "
                    + (profile.name().equals("default") ? "llm.model (SECAI_LLM_MODEL)"
                    : "llm.models." + profile.name() + ".model") + ".");
        }
        return new ProfileSettings(profile.name(), endpoint, profile.model().trim(), profile.apiKey(),
                profile.option("temperature").map(text -> OptionalDouble.of(number(profile, "temperature", text)))
                        .orElse(OptionalDouble.empty()),
                (int) number(profile, "max-tokens", profile.option("max-tokens").orElse("4096")),
                profile.option("reasoning-effort").map(value -> value.toLowerCase(Locale.ROOT)),
                profile.option("timeout").map(ProfileSettings::duration).orElse(Duration.ofSeconds(120)),
                (int) number(profile, "retry.max-attempts", profile.option("retry.max-attempts").orElse("4")),
                profile.option("stream").map(value -> !value.equalsIgnoreCase("false")).orElse(true));
    }

    private static double number(ModelProfile profile, String key, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new SecAiException("The model profile \"" + profile.name() + "\" has " + key + " = \"" + text
                    + "\", which is not a number.", e);
        }
    }

    /** HOCON-style durations as the engine writes them: {@code 30s}, {@code 2m}, {@code 500ms}, or an ISO value. */
    private static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1).trim()));
            }
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new SecAiException("\"" + text + "\" is not a duration such as 120s.", e);
        }
    }

    @Override
    public String toString() {
        return "ProfileSettings[profile=" + profile + ", endpoint=" + endpoint + ", model=" + model + ", apiKey="
                + (apiKey.isPresent() ? "***" : "(none)") + "]";
    }
}
