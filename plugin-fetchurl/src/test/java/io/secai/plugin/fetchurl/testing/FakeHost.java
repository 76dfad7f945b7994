package io.secai.plugin.fetchurl.testing;

import io.secai.api.Artifact;
import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.Client;
import io.secai.api.LlmClient;
import io.secai.api.PluginContext;
import io.secai.api.SessionContext;
import io.secai.api.Settings;
import io.secai.api.TaskContext;
import io.secai.api.TokenUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hand-written stand-ins for the host's side of {@code io.secai.api}. The engine is another module; these small
 * implementations let the plugin be tested alone, and the scripted model records exactly what the plugin sends,
 * which is what the spotlighting tests must inspect.
 */
public final class FakeHost {

    private FakeHost() {
    }

    /** A model that answers with a fixed text in two pieces and keeps every request. */
    public static final class ScriptedLlm implements LlmClient {
        private final String answer;
        private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

        public ScriptedLlm(String answer) {
            this.answer = answer;
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            requests.add(request);
            return new ChatResponse(answer, new TokenUsage(1, countTokens(request.messages().toString()), 10), "stop");
        }

        @Override
        public ChatResponse stream(ChatRequest request, java.util.function.Consumer<String> onDelta) {
            ChatResponse response = complete(request);
            int half = answer.length() / 2;
            onDelta.accept(answer.substring(0, half));
            onDelta.accept(answer.substring(half));
            return response;
        }

        @Override
        public int countTokens(String text) {
            return (text.length() + 3) / 4;
        }

        public List<ChatRequest> requests() {
            return List.copyOf(requests);
        }
    }

    /** Records what a task reports. */
    public static final class RecordingTaskContext implements TaskContext {
        private final SessionContext session;
        private final LlmClient llm;
        public final List<String> progress = new CopyOnWriteArrayList<>();
        public final List<Artifact> artifacts = new CopyOnWriteArrayList<>();
        public final StringBuilder streamed = new StringBuilder();

        public RecordingTaskContext(SessionContext session, LlmClient llm) {
            this.session = session;
            this.llm = llm;
        }

        @Override
        public SessionContext session() {
            return session;
        }

        @Override
        public <T extends Client> Optional<T> client(Class<T> type) {
            return llm != null && type.isInstance(llm) ? Optional.of(type.cast(llm)) : Optional.empty();
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
        public synchronized void textDelta(String text) {
            streamed.append(text);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }

    /** Settings from a map; lists are comma-separated. */
    public record MapSettings(Map<String, String> values) implements Settings {
        @Override
        public Optional<String> string(String path) {
            return Optional.ofNullable(values.get(path)).filter(v -> !v.isBlank());
        }

        @Override
        public String require(String path, String purpose) {
            return string(path).orElseThrow(() -> new io.secai.api.MissingSettingException(path, null, purpose));
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
            return string(path).map(v -> Duration.parse("PT" + v.toUpperCase())).orElse(fallback);
        }

        @Override
        public List<String> list(String path) {
            return string(path).map(v -> List.of(v.split(","))).orElse(List.of());
        }

        @Override
        public Map<String, String> map(String path) {
            return Map.of();
        }
    }

    /** @param settings the settings @return a plugin context with no clients */
    public static PluginContext pluginContext(Settings settings) {
        return new PluginContext() {
            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public <T extends Client> Optional<T> client(Class<T> type) {
                return Optional.empty();
            }

            @Override
            public Path dataDirectory() {
                return Path.of(System.getProperty("java.io.tmpdir"));
            }
        };
    }

    /** @return an empty session */
    public static SessionContext emptySession() {
        return new SessionContext("test-session", List.of(), new ArrayList<>());
    }
}
