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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

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
    /** The installation, running or done; null before {@link #begin}. */
    private volatile CompletableFuture<PluginInstaller.Installed> installing;
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
     * Creates the plugins' clients, then creates and starts the plugins, and returns when all are started.
     *
     * @param settings the merged settings
     * @param hostClients the host's own clients (the model client, the token provider); they win over plugins'
     * @param dataDirectory SecAI's data folder; each plugin gets {@code plugins/<name>} under it
     * @param redactor masks secrets in the reasons a plugin's exceptions give
     */
    public void start(Settings settings, List<? extends Client> hostClients, Path dataDirectory,
                      SecretRedactor redactor) {
        begin(settings, hostClients, dataDirectory, redactor, (statuses, warnings) -> { });
        statuses();
    }

    /**
     * Registers the host's clients at once, then creates and starts the plugins on background threads, several
     * side by side, and returns without waiting: the host goes on with its own start meanwhile. Whatever asks for
     * the plugins ({@link #plugins()}, {@link #statuses()}, {@link #commands()}, {@link #warnings()},
     * {@link #clients()}' plugin clients through {@link #awaitStarted()}) waits until all have started or failed.
     *
     * @param settings the merged settings
     * @param hostClients the host's own clients (the model client, the token provider); they win over plugins'
     * @param dataDirectory SecAI's data folder; each plugin gets {@code plugins/<name>} under it
     * @param redactor masks secrets in the reasons a plugin's exceptions give
     * @param whenStarted called once, on the background thread, with the {@linkplain #statuses() statuses} and
     *     {@linkplain #warnings() warnings} when all plugins have started or failed, before anyone waiting sees them
     *     (not called when the installation itself breaks)
     */
    public synchronized void begin(Settings settings, List<? extends Client> hostClients, Path dataDirectory,
                                   SecretRedactor redactor,
                                   BiConsumer<List<PluginStatus>, List<String>> whenStarted) {
        if (installing != null) {
            throw new IllegalStateException("plugins already started");
        }
        hostClients.forEach(clients::registerHost);
        Map<PluginFolder.Source, ClassLoader> readable = Map.copyOf(loaders);
        CompletableFuture<PluginInstaller.Installed> started = new CompletableFuture<>();
        installing = started;
        Thread thread = new Thread(() -> {
            try {
                PluginInstaller.Installed installed = new PluginInstaller(settings, clients, dataDirectory, redactor)
                        .install(readable, folder.sources(), hostPlugins(settings, dataDirectory, redactor));
                closeUnused(installed);
                try {
                    whenStarted.accept(installed.statuses(), installed.warnings());
                } catch (RuntimeException e) {
                    // The plugins are installed and must stay closable: a broken listener only loses its notices.
                    LOG.warn("Could not report the plugins' start: {}", redactor.redact(String.valueOf(e.getMessage())));
                }
                started.complete(installed);
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        }, "secai-plugins");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized void closeUnused(PluginInstaller.Installed installed) {
        for (PluginFolder.Source source : List.copyOf(loaders.keySet())) {
            if (!installed.inUse().contains(source)) {
                closeLoader(source);
            }
        }
    }

    /**
     * Waits until every plugin has started or failed. Throws what broke the installation itself (never a plugin's
     * own failure, which is a {@linkplain #statuses() status}).
     */
    public void awaitStarted() {
        installed();
    }

    private PluginInstaller.Installed installed() {
        CompletableFuture<PluginInstaller.Installed> started = installing;
        if (started == null) {
            return null;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
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
    public List<LoadedPlugin> plugins() {
        PluginInstaller.Installed installed = installed();
        return installed == null ? List.of() : installed.plugins();
    }

    /**
     * Gives every plugin and client provider found, loaded or failed.
     *
     * @return the statuses, in the folder's order
     */
    public List<PluginStatus> statuses() {
        PluginInstaller.Installed installed = installed();
        return installed == null ? List.of() : installed.statuses();
    }

    /**
     * Gives the command-line subcommands of the loaded plugins.
     *
     * @return the commands, sorted by name
     */
    public List<PluginCommand> commands() {
        PluginInstaller.Installed installed = installed();
        return installed == null ? List.of() : installed.commands();
    }

    /**
     * Gives the problems that did not fail a plugin, such as two plugins adding the same command.
     *
     * @return the warnings
     */
    public List<String> warnings() {
        PluginInstaller.Installed installed = installed();
        return installed == null ? List.of() : installed.warnings();
    }

    /**
     * Closes the plugins (last started first) and the clients plugins provided, each with its own class loader as
     * the context class loader, then the class loaders.
     */
    @Override
    public void close() {
        // Plugins still starting are waited for (outside the lock, which their installation takes at its end), so
        // that every plugin that started is closed.
        List<LoadedPlugin> started;
        try {
            started = plugins();
        } catch (RuntimeException | Error e) {
            started = List.of();
        }
        closeStarted(started);
    }

    private synchronized void closeStarted(List<LoadedPlugin> started) {
        if (closed) {
            return;
        }
        closed = true;
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
