package io.secai.engine.loading;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import io.secai.api.Client;
import io.secai.api.Settings;
import io.secai.engine.HostPlugins;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.config.SecretRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, isolates and starts the plugins in a plugins folder, in three parts: {@link PluginFolder} scans the folder
 * into an immutable description of its sources, {@link ServiceProviders} finds the providers in each source's own
 * {@link PluginClassLoader}, and {@link PluginInstaller} checks and starts them. The design follows Trino's plugin
 * manager and Kafka Connect's plugin isolation: one class loader per plugin, sharing only the API with the host.
 *
 * <p>Used in two steps, because SecAI's settings need the plugins' {@code reference.conf} files before anything
 * starts: {@link #open} the folder, read {@link #classLoaders()}, then {@link #start}.
 */
public final class PluginLoader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final PluginFolder folder;
    private final Map<PluginFolder.Source, PluginClassLoader> loaders;
    private final ClientRegistry clients = new ClientRegistry();
    private PluginInstaller.Installed installed;
    private boolean closed;

    private PluginLoader(PluginFolder folder, Map<PluginFolder.Source, PluginClassLoader> loaders) {
        this.folder = folder;
        this.loaders = loaders;
    }

    /**
     * Scans the folder, checks that every jar is readable and creates a class loader per plugin. Runs no plugin
     * code.
     *
     * @param directory the plugins folder; a missing one is reported by {@link #directoryProblem()}
     * @return the opened loader
     */
    public static PluginLoader open(Path directory) {
        PluginFolder folder = PluginFolder.scan(directory);
        Map<PluginFolder.Source, PluginClassLoader> loaders = new LinkedHashMap<>();
        List<PluginFolder.Source> sources = new ArrayList<>();
        for (PluginFolder.Source source : folder.sources()) {
            PluginFolder.Source opened = source;
            if (source.problem().isEmpty()) {
                try {
                    loaders.put(source, classLoader(source));
                } catch (MalformedURLException e) {
                    opened = new PluginFolder.Source(source.path(), source.name(), source.jars(),
                            Optional.of("its jars cannot be put on a class path: " + e.getMessage()));
                }
            }
            sources.add(opened);
        }
        return new PluginLoader(new PluginFolder(folder.directory(), folder.problem(), sources), loaders);
    }

    private static PluginClassLoader classLoader(PluginFolder.Source source) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path jar : source.jars()) {
            urls.add(jar.toUri().toURL());
        }
        return new PluginClassLoader(source.name(), urls.toArray(URL[]::new), PluginLoader.class.getClassLoader());
    }

    /**
     * Gives the plugins folder.
     *
     * @return the folder, absolute
     */
    public Path directory() {
        return folder.directory();
    }

    /**
     * Tells why no plugin could be looked for.
     *
     * @return the reason (a missing folder); empty when the folder was read
     */
    public Optional<String> directoryProblem() {
        return folder.problem();
    }

    /**
     * Gives the class loaders of the readable plugins, for their {@code reference.conf}.
     *
     * @return the loaders, in the folder's order
     */
    public synchronized List<ClassLoader> classLoaders() {
        return List.copyOf(loaders.values());
    }

    /**
     * Creates the plugins' clients, then creates and starts the plugins.
     *
     * @param settings the merged settings
     * @param hostClients the host's own clients (the model client, the token provider); they win over plugins'
     * @param dataDirectory SecAI's data folder; each plugin gets {@code plugins/<name>} under it
     * @param redactor masks secrets in the reasons a plugin's exceptions give
     */
    public synchronized void start(Settings settings, List<? extends Client> hostClients, Path dataDirectory,
                                   SecretRedactor redactor) {
        if (installed != null) {
            throw new IllegalStateException("plugins already started");
        }
        hostClients.forEach(clients::registerHost);
        installed = new PluginInstaller(settings, clients, dataDirectory, redactor)
                .install(Map.copyOf(loaders), folder.sources(), hostPlugins(settings, dataDirectory, redactor));
        for (PluginFolder.Source source : List.copyOf(loaders.keySet())) {
            if (!installed.inUse().contains(source)) {
                closeLoader(source);
            }
        }
    }

    /** The plugins the host's own {@link HostPlugins} providers create; a provider that fails is logged and skipped. */
    private static List<HostPlugins.Provided> hostPlugins(Settings settings, Path dataDirectory,
                                                          SecretRedactor redactor) {
        List<HostPlugins.Provided> provided = new ArrayList<>();
        for (HostPlugins provider : ServiceLoader.load(HostPlugins.class, PluginLoader.class.getClassLoader())) {
            try {
                provided.addAll(provider.create(settings, dataDirectory));
            } catch (RuntimeException e) {
                LOG.warn("Host plugins from {} could not be created: {}", provider.getClass().getName(),
                        redactor.redact(String.valueOf(e.getMessage())));
            }
        }
        return provided;
    }

    /**
     * Gives the clients plugins can ask for.
     *
     * @return the registry
     */
    public ClientRegistry clients() {
        return clients;
    }

    /**
     * Gives the plugins that loaded and started.
     *
     * @return the plugins, in the folder's order
     */
    public synchronized List<LoadedPlugin> plugins() {
        return installed == null ? List.of() : installed.plugins();
    }

    /**
     * Gives every plugin and client provider found, loaded or failed.
     *
     * @return the statuses, in the folder's order
     */
    public synchronized List<PluginStatus> statuses() {
        return installed == null ? List.of() : installed.statuses();
    }

    /**
     * Gives the command-line subcommands of the loaded plugins.
     *
     * @return the commands, sorted by name
     */
    public synchronized List<PluginCommand> commands() {
        return installed == null ? List.of() : installed.commands();
    }

    /**
     * Gives the problems that did not fail a plugin, such as two plugins adding the same command.
     *
     * @return the warnings
     */
    public synchronized List<String> warnings() {
        return installed == null ? List.of() : installed.warnings();
    }

    /**
     * Closes the plugins (last started first) and the clients plugins provided, each with its own class loader as
     * the context class loader, then the class loaders.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<LoadedPlugin> started = plugins();
        for (int i = started.size() - 1; i >= 0; i--) {
            LoadedPlugin plugin = started.get(i);
            try {
                ContextClassLoader.run(plugin.loader(), plugin.plugin()::close);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Plugin {} did not close cleanly: {}", plugin.name(), LoadFailures.describe(e));
            }
        }
        for (ClientRegistry.Registration registration : clients.registrations()) {
            if (registration.loader() instanceof PluginClassLoader
                    && registration.client() instanceof AutoCloseable closeable) {
                try {
                    ContextClassLoader.call(registration.loader(), () -> {
                        closeable.close();
                        return null;
                    });
                } catch (Exception | LinkageError e) {
                    LOG.warn("A client from {} did not close cleanly: {}", registration.provider(),
                            LoadFailures.describe(e));
                }
            }
        }
        List.copyOf(loaders.keySet()).forEach(this::closeLoader);
    }

    private void closeLoader(PluginFolder.Source source) {
        PluginClassLoader loader = loaders.remove(source);
        if (loader == null) {
            return;
        }
        try {
            loader.close();
        } catch (IOException e) {
            LOG.warn("Could not close the class loader of {}: {}", source.name(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PluginLoader[" + folder.directory() + "]";
    }
}
