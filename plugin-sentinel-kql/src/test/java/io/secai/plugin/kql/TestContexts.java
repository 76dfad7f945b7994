package io.secai.plugin.kql;

import io.secai.api.AccessToken;
import io.secai.api.Artifact;
import io.secai.api.Client;
import io.secai.api.LlmClient;
import io.secai.api.MissingSettingException;
import io.secai.api.PluginContext;
import io.secai.api.SessionContext;
import io.secai.api.Settings;
import io.secai.api.TaskContext;
import io.secai.api.TokenProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small hand-written implementations of the engine's side of {@code io.secai.api} (settings, plugin and task
 * contexts, a static token provider). The plugin must work against the API alone, so the tests give it exactly
 * that and record what it reports, instead of starting the engine, which other helpers build.
 */
final class TestContexts {
    private TestContexts() {
    }

    static Settings settings(Map<String, String> values) {
        return new Settings() {
            @Override
            public Optional<String> string(String path) {
                return Optional.ofNullable(values.get(path)).filter(v -> !v.isBlank());
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
                return string(path).map(Duration::parse).orElse(fallback);
            }

            @Override
            public List<String> list(String path) {
                return List.of();
            }

            @Override
            public Map<String, String> map(String path) {
                return Map.of();
            }
        };
    }

    static TokenProvider staticToken() {
        return scopes -> new AccessToken("test-token", Instant.now().plus(Duration.ofHours(1)));
    }

    static PluginContext plugin(Settings settings, Path dataDirectory, Map<Class<?>, Client> clients) {
        return new PluginContext() {
            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public <T extends Client> Optional<T> client(Class<T> type) {
                return Optional.ofNullable(clients.get(type)).map(type::cast);
            }

            @Override
            public Path dataDirectory() {
                return dataDirectory;
            }
        };
    }

    /** A task context that records progress and artifacts. */
    static final class RecordingTask implements TaskContext {
        final List<String> progress = new ArrayList<>();
        final List<Artifact> artifacts = new ArrayList<>();
        private final SessionContext session;
        private final Map<Class<?>, Client> clients = new HashMap<>();

        RecordingTask(SessionContext session, LlmClient llm, TokenProvider tokens) {
            this.session = session;
            clients.put(LlmClient.class, llm);
            clients.put(TokenProvider.class, tokens);
        }

        @Override
        public SessionContext session() {
            return session;
        }

        @Override
        public <T extends Client> Optional<T> client(Class<T> type) {
            return Optional.ofNullable(clients.get(type)).map(type::cast);
        }

        @Override
        public void progress(String message) {
            progress.add(message);
        }

        @Override
        public void artifact(Artifact artifact) {
            artifacts.add(artifact);
        }

        @Override
        public void textDelta(String text) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
