package io.secai.engine.llm;

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
                "openai.retry.max-wait", "10s")));

        assertThat(settings).isEqualTo(new OpenAiSettings(Optional.of("https://contoso.openai.azure.com"),
                Optional.of("secret-key"), Optional.of("gpt-4o"), 0.3, 800, Duration.ofSeconds(45), 6,
                Duration.ofSeconds(10)));
    }

    @Test
    void fillsDefaultsAndLeavesEndpointAndDeploymentForTheFirstCall() {
        OpenAiSettings settings = OpenAiSettings.from(new MapSettings(Map.of("openai.api-key", "  ")));

        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.deployment()).isEmpty();
        assertThat(settings.maxAttempts()).isEqualTo(OpenAiSettings.DEFAULT_MAX_ATTEMPTS);
        assertThat(settings.maxWait()).isEqualTo(OpenAiSettings.DEFAULT_MAX_WAIT);
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
