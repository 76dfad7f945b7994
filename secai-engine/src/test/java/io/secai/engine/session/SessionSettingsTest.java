package io.secai.engine.session;

import io.secai.api.SecAiException;
import io.secai.engine.execution.PromptLimits;
import io.secai.testkit.plugin.MapSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionSettingsTest {

    @Test
    void unsetKeysTakeTheDocumentedDefaults() {
        SessionSettings settings = SessionSettings.from(new MapSettings(Map.of()));

        assertThat(settings.windowSize()).isEqualTo(5);
        assertThat(settings.tokenBudget()).isEqualTo(12_000);
        assertThat(settings.resultTokenCap()).isEqualTo(2_000);
        assertThat(settings.store()).isEqualTo(SessionSettings.StoreKind.FILE);
        assertThat(settings.dataDirectory()).isEqualTo(Path.of(System.getProperty("user.home"), ".secai"));
        assertThat(PromptLimits.from(new MapSettings(Map.of())).maxChars()).isEqualTo(8_000);
    }

    @Test
    void configuredKeysAreRead() {
        SessionSettings settings = SessionSettings.from(new MapSettings(Map.of("session.window-size", "3",
                "session.token-budget", "500", "session.store", "memory", "secai.data-dir", "/var/lib/secai")));

        assertThat(settings.windowSize()).isEqualTo(3);
        assertThat(settings.tokenBudget()).isEqualTo(500);
        assertThat(settings.openStore()).isInstanceOf(InMemorySessionStore.class);
        assertThat(settings.sessionsDirectory()).isEqualTo(Path.of("/var/lib/secai/sessions"));
    }

    @Test
    void anUnknownStoreIsAClearError() {
        assertThatThrownBy(() -> SessionSettings.from(new MapSettings(Map.of("session.store", "redis"))))
                .isInstanceOf(SecAiException.class)
                .hasMessage("session.store must be \"file\" or \"memory\", not \"redis\".");
    }
}
