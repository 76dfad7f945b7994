package io.secai.engine.platform;

import io.secai.api.Client;
import io.secai.api.SecAiException;
import io.secai.api.TokenProvider;
import io.secai.engine.EngineOptions;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.auth.AuthMethod;
import io.secai.engine.auth.EntraTokenProvider;
import io.secai.engine.config.EngineSettings;
import io.secai.engine.config.SecretRedactor;
import io.secai.engine.config.SettingsLoader;
import io.secai.engine.config.WorkspaceSettings;
import io.secai.engine.loading.ClientRegistry;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.loading.PluginLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Everything the engine stands on, started in order: the plugins' class loaders, the merged settings (including
 * the plugins' defaults), the token provider, the host's clients, the clients plugins provide, and the plugins. The
 * last two happen in the background, several plugins side by side, and {@link #start} returns without waiting for
 * them; {@link #plugins()}, {@link #statuses()}, {@link #commands()}, {@link #clients()} and {@link #notices()} wait
 * until every plugin has started or failed, so what they say is what a start in the foreground would have said.
 *
 * <p>Starting never waits for a sign-in or a network call, and a missing plugins folder, missing Azure settings or
 * a plugin that fails are {@linkplain #notices() notices}, not errors. Only a configuration SecAI cannot read (a
 * missing {@code --config} file, invalid HOCON, an unknown {@code --auth} method) stops it.
 */
public final class Platform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    private static final String WHERE = "in application.conf, the environment or .env";

    private final EngineSettings settings;
    private final EntraTokenProvider tokens;
    private final List<Client> hostClients;
    private final PluginLoader loader;
    private final Path dataDirectory;
    private final Notices notices;

    private Platform(EngineSettings settings, EntraTokenProvider tokens, List<Client> hostClients,
                     PluginLoader loader, Path dataDirectory, Notices notices) {
        this.settings = settings;
        this.tokens = tokens;
        this.hostClients = hostClients;
        this.loader = loader;
        this.dataDirectory = dataDirectory;
        this.notices = notices;
    }

    /**
     * Starts the platform; notices raised later (a device code to enter, a sign-in that failed) go to the log.
     *
     * @param options the command line and process environment
     * @param hostClients creates the host's own clients
     * @return the started platform
     * @throws SecAiException when the configuration cannot be read or names an unknown authentication method
     */
    public static Platform start(EngineOptions options, HostClients hostClients) {
        return start(options, hostClients, notice -> LOG.warn("{}", notice));
    }

    /**
     * Starts the platform.
     *
     * @param options the command line and process environment
     * @param hostClients creates the host's own clients
     * @param laterNotices receives notices raised after the start, when they happen: the device code the user
     *     must enter, a sign-in that failed. They are also added to {@link #notices()}.
     * @return the started platform
     * @throws SecAiException when the configuration cannot be read or names an unknown authentication method
     */
    public static Platform start(EngineOptions options, HostClients hostClients, Consumer<String> laterNotices) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(hostClients, "hostClients");
        Objects.requireNonNull(laterNotices, "laterNotices");
        Path workingDirectory = options.workingDirectory().toAbsolutePath();

        // secai.plugins-dir may come from application.conf or .env, which are read before any plugin is known.
        EngineSettings hostSettings = SettingsLoader.load(options, List.of());
        Path pluginsDirectory = workingDirectory.resolve(options.pluginsDir()
                .orElseGet(() -> Path.of(hostSettings.require("secai.plugins-dir", "where plugins are found"))));
        PluginLoader loader = PluginLoader.open(pluginsDirectory);
        try {
            EngineSettings settings = SettingsLoader.load(options, loader.classLoaders());
            SecretRedactor redactor = settings.redactor();
            Notices notices = new Notices(redactor, laterNotices);
            settings.warnings().forEach(notices::atStart);
            loader.directoryProblem().ifPresent(notices::atStart);

            EntraTokenProvider tokens = EntraTokenProvider.create(settings, options.auth(), options.environment(),
                    redactor, notices::later);
            tokens.unavailableReason().ifPresent(notices::atStart);
            configurationNotices(settings, tokens.method()).forEach(notices::atStart);

            List<Client> created = createHostClients(hostClients, settings, tokens, notices);
            List<Client> all = new ArrayList<>();
            all.add(tokens);
            all.addAll(created);

            Path dataDirectory = workingDirectory.resolve(settings.dataDirectory());
            // The plugins start in the background, side by side, while the engine opens its sessions and the model
            // client; whatever needs them (the planner, the plugin list, the notices) waits for them. A plugin that
            // fails is a notice of the start, as it always was: the notices wait for the plugins too.
            loader.begin(settings, all, dataDirectory, redactor, (statuses, warnings) -> {
                for (PluginStatus status : statuses) {
                    status.reason().ifPresent(reason -> notices.atStart("Plugin " + status.name() + " ("
                            + status.source().getFileName() + ") failed: " + reason));
                }
                warnings.forEach(notices::atStart);
            });
            notices.started();
            return new Platform(settings, tokens, List.copyOf(created), loader, dataDirectory, notices);
        } catch (RuntimeException | Error e) {
            loader.close();
            throw e;
        }
    }

    /** @return the merged settings */
    public EngineSettings settings() {
        return settings;
    }

    /** @return masks the configured secrets; use it on anything shown or logged */
    public SecretRedactor redactor() {
        return settings.redactor();
    }

    /** @return the signed-in identity (or why there is none), also in {@link #clients()} */
    public TokenProvider tokens() {
        return tokens;
    }

    /** @return the sign-in method in use */
    public AuthMethod authMethod() {
        return tokens.method();
    }

    /** @return the host's and the plugins' clients by interface, once the plugins have started */
    public ClientRegistry clients() {
        loader.awaitStarted();
        return loader.clients();
    }

    /**
     * One of the host's own clients (the token provider, the model client), without waiting for the plugins.
     *
     * @param type the client interface
     * @param <T> the client type
     * @return the host's client of that type, if it made one
     */
    public <T extends Client> Optional<T> hostClient(Class<T> type) {
        if (type.isInstance(tokens)) {
            return Optional.of(type.cast(tokens));
        }
        return hostClients.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** @return the plugins that loaded and started, in the plugins folder's order (waits for them to start) */
    public List<LoadedPlugin> plugins() {
        return loader.plugins();
    }

    /** @return every plugin found, loaded or failed, in the plugins folder's order (waits for them to start) */
    public List<PluginStatus> statuses() {
        return loader.statuses();
    }

    /** @return the command-line subcommands of the loaded plugins, sorted by name */
    public List<PluginCommand> commands() {
        return loader.commands();
    }

    /**
     * Lines for the user: missing configuration and where to set it, plugins that failed, the state of the
     * sign-in, and what came up since the start (a device code, a failed sign-in). Secrets are masked.
     *
     * @return the notices so far, oldest first
     */
    public List<String> notices() {
        loader.awaitStarted();
        return notices.all();
    }

    /** @return the plugins folder, absolute */
    public Path pluginsDirectory() {
        return loader.directory();
    }

    /** @return {@code secai.data-dir}, absolute */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Closes the plugins and the clients they provided, their class loaders, then the host's clients. */
    @Override
    public void close() {
        loader.close();
        for (Client client : hostClients) {
            if (client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("A SecAI client did not close cleanly: {}", settings.redactor().redact(e.getMessage()));
                }
            }
        }
    }

    private static List<Client> createHostClients(HostClients factory, EngineSettings settings, TokenProvider tokens,
                                                  Notices notices) {
        try {
            List<Client> created = factory.create(settings, tokens);
            return created == null ? List.of() : List.copyOf(created);
        } catch (SecAiException e) {
            notices.atStart(e.getMessage());
            return List.of();
        }
    }

    static List<String> configurationNotices(EngineSettings settings, AuthMethod auth) {
        List<String> lines = new ArrayList<>();
        String provider = settings.string("llm.provider").map(String::trim).orElse("azure-openai");
        List<String> openAi = provider.equals("azure-openai")
                ? missing(settings, "openai.endpoint", "openai.deployment") : List.of();
        if (!provider.equals("azure-openai")) {
            if (settings.string("llm.model").isEmpty()) {
                lines.add("The model is not configured: set " + describe("llm.model") + " " + WHERE
                        + "; until then prompts cannot be planned or answered.");
            }
        } else if (!openAi.isEmpty()) {
            lines.add("Azure OpenAI is not configured: set " + String.join(" and ", openAi) + " " + WHERE
                    + "; until then prompts cannot be planned or answered.");
        } else if (settings.string("openai.api-key").isEmpty() && auth == AuthMethod.NONE) {
            lines.add("Azure OpenAI has no API key and authentication is off: set " + describe("openai.api-key")
                    + " " + WHERE + ", or choose a sign-in method with --auth.");
        }
        if (!WorkspaceSettings.anyConfigured(settings)) {
            lines.add("The Microsoft Sentinel workspace is not configured: set " + describe(WorkspaceSettings.DEFAULT_ID)
                    + ", or azure.workspaces.<alias>.id for several, " + WHERE + " to query Sentinel.");
        }
        return lines;
    }

    private static List<String> missing(EngineSettings settings, String... paths) {
        List<String> missing = new ArrayList<>();
        for (String path : paths) {
            if (settings.string(path).isEmpty()) {
                missing.add(describe(path));
            }
        }
        return missing;
    }

    private static String describe(String path) {
        return SettingsLoader.environmentVariableFor(path).map(variable -> path + " (" + variable + ")")
                .orElse(path);
    }

    @Override
    public String toString() {
        return "Platform[" + loader.directory() + ", " + plugins().size() + " plugins]";
    }

    /** The notices: those of the start, then those that come later, each also sent to a listener. */
    private static final class Notices {
        private final SecretRedactor redactor;
        private final Consumer<String> listener;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private volatile boolean started;

        Notices(SecretRedactor redactor, Consumer<String> listener) {
            this.redactor = redactor;
            this.listener = listener;
        }

        void atStart(String line) {
            add(line);
        }

        void later(String line) {
            Optional<String> added = add(line);
            if (started) {
                added.ifPresent(listener);
            } else {
                // A notice raised while starting (there should be none) is still shown with the others.
                added.ifPresent(text -> LOG.debug("Notice during start: {}", text));
            }
        }

        void started() {
            started = true;
        }

        private synchronized Optional<String> add(String line) {
            if (line == null || line.isBlank()) {
                return Optional.empty();
            }
            String safe = redactor.redact(line.strip());
            if (lines.contains(safe)) {
                return Optional.empty();
            }
            lines.add(safe);
            return Optional.of(safe);
        }

        List<String> all() {
            return List.copyOf(lines);
        }
    }
}
