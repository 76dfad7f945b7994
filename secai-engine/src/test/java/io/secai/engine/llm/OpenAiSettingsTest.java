package io.secai.engine.llm;

import io.secai.api.ModelProfile;
import io.secai.api.SecAiException;
import io.secai.testkit.plugin.MapSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiSettingsTest {

    @Test
    void readsEveryOpenAiKey() {
        OpenAiSettings settings = OpenAiSettings.from(new MapSettings(Map.of(
                "openai.endpoint", "https://contoso.openai.azure.com",
                "openai.api-key", "secret-key",
                "openai.deployment", "gpt-4o",
                "openai.temperature", "0.3",
                "openai.max-tokens", "800",
                "openai.timeout", "45s",
                "openai.retry.max-attempts", "6",
                "openai.retry.max-wait", "10s",
                "openai.retry.budget", "90s")));

        assertThat(settings).isEqualTo(new OpenAiSettings(Optional.of("https://contoso.openai.azure.com"),
                Optional.of("secret-key"), Optional.of("gpt-4o"), 0.3, 800, Duration.ofSeconds(45), 6,
                Duration.ofSeconds(10), Duration.ofSeconds(90)));
    }

    @Test
    void fillsDefaultsAndLeavesEndpointAndDeploymentForTheFirstCall() {
        OpenAiSettings settings = OpenAiSettings.from(new MapSettings(Map.of("openai.api-key", "  ")));

        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.deployment()).isEmpty();
        assertThat(settings.maxAttempts()).isEqualTo(OpenAiSettings.DEFAULT_MAX_ATTEMPTS);
        assertThat(settings.maxWait()).isEqualTo(OpenAiSettings.DEFAULT_MAX_WAIT);
        assertThat(settings.throttleBudget()).isEqualTo(OpenAiSettings.DEFAULT_THROTTLE_BUDGET);
    }

    @Test
    void aModelProfileSetsItsOwnThrottlingBudget() {
        OpenAiSettings base = OpenAiSettings.of("https://contoso.openai.azure.com", "k", "gpt-4o");

        assertThat(base.forProfile(ModelProfile.of("fast", "azure-openai", Optional.empty(), "gpt-4o-mini",
                Optional.empty(), Map.of("retry.budget", "2m"))).throttleBudget()).isEqualTo(Duration.ofMinutes(2));
        assertThat(base.forProfile(ModelProfile.of("plain", "azure-openai", Optional.empty(), "gpt-4o",
                Optional.empty(), Map.of())).throttleBudget()).isEqualTo(OpenAiSettings.DEFAULT_THROTTLE_BUDGET);
        assertThatThrownBy(() -> base.forProfile(ModelProfile.of("odd", "azure-openai", Optional.empty(), "gpt-4o",
                Optional.empty(), Map.of("retry.budget", "soon"))))
                .isInstanceOf(SecAiException.class).hasMessageContaining("retry.budget").hasMessageContaining("odd");
    }

    @Test
    void namesTheKeyOfAMalformedValue() {
        assertThatThrownBy(() -> OpenAiSettings.from(new MapSettings(Map.of("openai.temperature", "warm"))))
                .isInstanceOf(SecAiException.class)
                .hasMessage("openai.temperature must be a number between 0 and 2, not \"warm\".");
        assertThatThrownBy(() -> OpenAiSettings.from(new MapSettings(Map.of("openai.retry.max-attempts", "0"))))
                .isInstanceOf(SecAiException.class)
                .hasMessageContaining("openai.retry.max-attempts");
    }

    @Test
    void neverShowsTheKey() {
        OpenAiSettings settings = OpenAiSettings.of("https://contoso.openai.azure.com", "secret-key", "gpt-4o");

        assertThat(settings.toString()).doesNotContain("secret-key").contains("apiKey=***");
    }
}
