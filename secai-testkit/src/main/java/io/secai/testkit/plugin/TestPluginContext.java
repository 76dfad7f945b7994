package io.secai.testkit.plugin;

import io.secai.api.Client;
import io.secai.api.PluginContext;
import io.secai.api.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's side of a plugin's whole life, for {@code Plugin.start} in unit tests: settings, the clients the
 * test chose, and a data directory.
 *
 * <pre>{@code
 * @TempDir Path dataDirectory;
 *
 * plugin.start(TestPluginContext.builder()
 *         .settings(Map.of("plugins.my-plugin.row-cap", "50"))
 *         .client(TokenProvider.class, scopes -> AccessToken.of("test-token", Instant.now().plusSeconds(3600)))
 *         .dataDirectory(dataDirectory)
 *         .build());
 * }</pre>
 */
public final class TestPluginContext implements PluginContext {

    private final Settings settings;
    private final Clients clients;
    private final Path requestedDataDirectory;
    private Path dataDirectory;

    private TestPluginContext(Builder builder) {
        this.settings = builder.settings;
        this.clients = builder.clients.copy();
        this.requestedDataDirectory = builder.dataDirectory;
    }

    /**
     * @param settings settings by dotted path, read as {@link MapSettings} reads them
     * @return a context with those settings, no clients and a data directory created on first use
     */
    public static TestPluginContext of(Map<String, String> settings) {
        return builder().settings(settings).build();
    }

    /** @return a builder for a context with no settings, no clients and a data directory created on first use */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public <T extends Client> Optional<T> client(Class<T> type) {
        return clients.find(type);
    }

    /**
     * The directory chosen with {@link Builder#dataDirectory}, created if missing; without one, a new temporary
     * directory, created on the first call and then kept. Prefer a JUnit {@code @TempDir}, which is deleted after
     * the test.
     */
    @Override
    public synchronized Path dataDirectory() {
        if (dataDirectory == null) {
            try {
                dataDirectory = requestedDataDirectory == null
                        ? Files.createTempDirectory("secai-plugin-data-")
                        : Files.createDirectories(requestedDataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the plugin data directory", e);
            }
        }
        return dataDirectory;
    }

    /** Chooses what the plugin may use. */
    public static final class Builder {
        private Settings settings = MapSettings.empty();
        private final Clients clients = new Clients();
        private Path dataDirectory;

        private Builder() {
        }

        /**
         * @param values settings by dotted path, read as {@link MapSettings} reads them
         * @return this builder
         */
        public Builder settings(Map<String, String> values) {
            return settings(new MapSettings(values));
        }

        /**
         * @param value any settings, for example a {@link MapSettings} or the plugin's own stand-in
         * @return this builder
         */
        public Builder settings(Settings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * Offers a client; a type not added is absent, as when no loaded plugin provides it.
         *
         * @param type the interface the plugin asks for, such as {@code TokenProvider.class}
         * @param client the implementation
         * @param <T> the client type
         * @return this builder
         */
        public <T extends Client> Builder client(Class<T> type, T client) {
            clients.add(type, client);
            return this;
        }

        /**
         * @param value the folder the plugin may write to; created when first asked for if it does not exist
         * @return this builder
         */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        /** @return the context; the builder can be reused for another */
        public TestPluginContext build() {
            return new TestPluginContext(this);
        }
    }
}
