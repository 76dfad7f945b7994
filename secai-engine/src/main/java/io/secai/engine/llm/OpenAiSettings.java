package io.secai.engine.llm;

import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Azure OpenAI and how patiently.
 *
 * <p>Endpoint and deployment may be absent here: SecAI starts without them, and the client names the missing key on
 * its first call.
 *
 * @param endpoint the resource, for example {@code https://NAME.openai.azure.com} ({@code openai.endpoint})
 * @param apiKey the resource key; when absent the signed-in identity's token is used ({@code openai.api-key})
 * @param deployment the model deployment's name ({@code openai.deployment})
 * @param temperature the sampling temperature unless a request sets one ({@code openai.temperature})
 * @param maxTokens the completion limit unless a request sets one ({@code openai.max-tokens})
 * @param timeout how long one HTTP exchange may take ({@code openai.timeout})
 * @param maxAttempts how many times one call is tried, the first included ({@code openai.retry.max-attempts})
 * @param maxWait the longest single wait before a retry of a failing or unreachable service
 *     ({@code openai.retry.max-wait})
 * @param throttleBudget the longest SecAI waits in all on a throttled (429) call, waiting as long as the service's
 *     Retry-After asks each time ({@code openai.retry.budget}); throttling does not count against the attempts
 */
public record OpenAiSettings(
        Optional<String> endpoint,
        Optional<String> apiKey,
        Optional<String> deployment,
        double temperature,
        int maxTokens,
        Duration timeout,
        int maxAttempts,
        Duration maxWait,
        Duration throttleBudget) {

    static final double DEFAULT_TEMPERATURE = 0.0;
    static final int DEFAULT_MAX_TOKENS = 4096;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    static final int DEFAULT_MAX_ATTEMPTS = 4;
    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_THROTTLE_BUDGET = Duration.ofSeconds(60);

    public OpenAiSettings {
        endpoint = nonBlank(endpoint, "endpoint");
        apiKey = nonBlank(apiKey, "apiKey");
        deployment = nonBlank(deployment, "deployment");
        if (temperature < 0 || temperature > 2) {
            throw new SecAiException("openai.temperature must be between 0 and 2, not " + temperature + ".");
        }
        if (maxTokens < 1) {
            throw new SecAiException("openai.max-tokens must be at least 1, not " + maxTokens + ".");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SecAiException("openai.timeout must be positive, not " + timeout + ".");
        }
        if (maxAttempts < 1) {
            throw new SecAiException("openai.retry.max-attempts must be at least 1, not " + maxAttempts + ".");
        }
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new SecAiException("openai.retry.max-wait must not be negative, not " + maxWait + ".");
        }
        Objects.requireNonNull(throttleBudget, "throttleBudget");
        if (throttleBudget.isNegative()) {
            throw new SecAiException("openai.retry.budget must not be negative, not " + throttleBudget + ".");
        }
    }

    /**
     * Reads the {@code openai.*} keys.
     *
     * @param settings the configuration
     * @return the values, with SecAI's defaults for what is unset
     * @throws SecAiException when a value is malformed, naming the key
     */
    public static OpenAiSettings from(Settings settings) {
        return new OpenAiSettings(
                settings.string("openai.endpoint"),
                settings.string("openai.api-key"),
                settings.string("openai.deployment"),
                settings.string("openai.temperature").map(OpenAiSettings::parseTemperature)
                        .orElse(DEFAULT_TEMPERATURE),
                settings.integer("openai.max-tokens", DEFAULT_MAX_TOKENS),
                settings.duration("openai.timeout", DEFAULT_TIMEOUT),
                settings.integer("openai.retry.max-attempts", DEFAULT_MAX_ATTEMPTS),
                settings.duration("openai.retry.max-wait", DEFAULT_MAX_WAIT),
                settings.duration("openai.retry.budget", DEFAULT_THROTTLE_BUDGET));
    }

    /**
     * Settings for an endpoint and deployment with SecAI's defaults for the rest, for tests and tools.
     *
     * @param endpoint the resource
     * @param apiKey the key, or null to use tokens
     * @param deployment the deployment
     * @return the settings
     */
    public static OpenAiSettings of(String endpoint, String apiKey, String deployment) {
        return new OpenAiSettings(Optional.ofNullable(endpoint), Optional.ofNullable(apiKey),
                Optional.ofNullable(deployment), DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS, DEFAULT_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_WAIT, DEFAULT_THROTTLE_BUDGET);
    }

    /**
     * @param attempts the attempts per call
     * @param wait the longest single wait
     * @return a copy with that retry budget
     */
    public OpenAiSettings withRetries(int attempts, Duration wait) {
        return new OpenAiSettings(endpoint, apiKey, deployment, temperature, maxTokens, timeout, attempts, wait,
                throttleBudget);
    }

    /**
     * @param budget the longest wait in all on a throttled call
     * @return a copy with that throttling budget
     */
    public OpenAiSettings withThrottleBudget(Duration budget) {
        return new OpenAiSettings(endpoint, apiKey, deployment, temperature, maxTokens, timeout, maxAttempts, maxWait,
                budget);
    }

    /**
     * @param value how long one HTTP exchange may take
     * @return a copy with that timeout
     */
    public OpenAiSettings withTimeout(Duration value) {
        return new OpenAiSettings(endpoint, apiKey, deployment, temperature, maxTokens, value, maxAttempts, maxWait,
                throttleBudget);
    }

    /**
     * @param profile an {@code azure-openai} model profile, whose endpoint, key and model (the deployment) were
     *     completed from {@code openai.*}
     * @return a copy for that profile; its throttling budget is the profile's {@code retry.budget} when it sets one,
     *     its other call options (temperature, limits) stay these settings'
     * @throws SecAiException when the profile's {@code retry.budget} is not a duration
     */
    public OpenAiSettings forProfile(io.secai.api.ModelProfile profile) {
        Duration budget = profile.option("retry.budget").map(text -> duration(profile.name(), text))
                .orElse(throttleBudget);
        return new OpenAiSettings(profile.endpoint(), profile.apiKey(),
                Optional.of(profile.model()).filter(model -> !model.isBlank()), temperature, maxTokens, timeout,
                maxAttempts, maxWait, budget);
    }

    private static Duration duration(String profile, String text) {
        java.util.regex.Matcher parts = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h)?\\s*")
                .matcher(text);
        if (!parts.matches()) {
            throw new SecAiException("retry.budget of the model profile \"" + profile + "\" must be a duration such "
                    + "as 60s or 2m, not \"" + text + "\".");
        }
        long amount = Long.parseLong(parts.group(1));
        String unit = parts.group(2) == null ? "s" : parts.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    @Override
    public String toString() {
        return "OpenAiSettings[endpoint=" + endpoint.orElse("(unset)")
                + ", apiKey=" + (apiKey.isPresent() ? "***" : "(unset: Entra ID token)")
                + ", deployment=" + deployment.orElse("(unset)")
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", timeout=" + timeout
                + ", maxAttempts=" + maxAttempts + ", maxWait=" + maxWait + ", throttleBudget=" + throttleBudget + "]";
    }

    private static Optional<String> nonBlank(Optional<String> value, String name) {
        return Objects.requireNonNull(value, name).map(String::trim).filter(text -> !text.isEmpty());
    }

    private static double parseTemperature(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new SecAiException("openai.temperature must be a number between 0 and 2, not \"" + text + "\".", e);
        }
    }
}
