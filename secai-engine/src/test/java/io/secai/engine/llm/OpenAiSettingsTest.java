package io.secai.engine.llm;

import io.secai.api.MissingSettingException;
import io.secai.api.SecAiException;
import io.secai.api.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
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

    /**
     * A hand-written {@link Settings} over a map: the engine's typesafe-config implementation lives in another
     * package, and these tests are about which keys are read, not how configuration files merge.
     */
    private record MapSettings(Map<String, String> values) implements Settings {
        @Override
        public Optional<String> string(String path) {
            return Optional.ofNullable(values.get(path)).filter(value -> !value.isBlank());
        }

        @Override
        public String require(String path, String purpose) {
            return string(path).orElseThrow(() -> new MissingSettingException(path, null, purpose));
        }

        @Override
        public int integer(String path, int fallback) {
            return string(path).map(Integer::parseInt).orElse(fallback);
        }

        @Override
        public boolean bool(String path, boolean fallback) {
            return string(path).map(Boolean::parseBoolean).orElse(fallback);
        }

        @Override
        public Duration duration(String path, Duration fallback) {
            return string(path).map(value -> Duration.parse("PT" + value.toUpperCase())).orElse(fallback);
        }

        @Override
        public List<String> list(String path) {
            return string(path).map(value -> List.of(value.split(","))).orElse(List.of());
        }

        @Override
        public Map<String, String> map(String path) {
            return Map.of();
        }
    }
}
