package io.secai.engine.loading;

import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.Client;
import io.secai.api.ClientProvider;
import io.secai.api.CommandContribution;
import io.secai.api.Plugin;
import io.secai.api.SecAiException;
import io.secai.api.Settings;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.config.SecretRedactor;
import io.secai.engine.redaction.RedactingOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds, isolates and starts the plugins in a plugins folder.
 *
 * <p>Each {@code *.jar} directly in the folder is one plugin; each sub-folder is one plugin whose class path is
 * every jar in it. Each gets its own {@link PluginClassLoader}. Plugins and client providers are found with
 * {@link ServiceLoader} and taken one at a time: whatever goes wrong with one (a corrupt jar, no provider, no
 * public no-argument constructor, an incompatible API version, a name already taken, an exception in
 * {@link Plugin#start}) becomes a {@link PluginStatus} with a plain reason, and the rest still loads.
 *
 * <p>Used in two steps, because SecAI's settings need the plugins' {@code reference.conf} files before anything
 * starts: {@link #open} the folder, read {@link #classLoaders()}, then {@link #start}.
 */
public final class PluginLoader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    private static final Pattern PLUGIN_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** ServiceLoader moves past a broken entry after reporting it; this bounds a loader that would not. */
    private static final int MAX_PROVIDER_ERRORS = 100;

    private final Path directory;
    private final Optional<String> directoryProblem;
    private final List<Source> sources;
    private final ClientRegistry clients = new ClientRegistry();
    private final List<LoadedPlugin> plugins = new ArrayList<>();
    private final List<PluginStatus> statuses = new ArrayList<>();
    private final List<PluginCommand> commands = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, HostPluginContext> contexts = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;

    /** One jar or folder found in the plugins folder. */
    private static final class Source {
        final Path path;
        final String name;
        PluginClassLoader loader;
        String failure;
        final List<PluginStatus> statuses = new ArrayList<>();
        final List<String> providedClients = new ArrayList<>();
        boolean inUse;

        Source(Path path) {
            this.path = path;
            this.name = path.getFileName().toString();
        }
    }

    private PluginLoader(Path directory, Optional<String> directoryProblem, List<Source> sources) {
        this.directory = directory;
        this.directoryProblem = directoryProblem;
        this.sources = sources;
    }

    /**
     * Scans the folder, checks that every jar is readable and creates a class loader per plugin. Runs no plugin
     * code.
     *
     * @param directory the plugins folder; a missing one is reported by {@link #directoryProblem()}
     * @return the opened loader
     */
    public static PluginLoader open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            String problem = Files.exists(absolute)
                    ? "The plugins folder " + absolute + " is not a folder: no plugins are loaded."
                    : "The plugins folder " + absolute + " does not exist: no plugins are loaded (set --plugins-dir"
                    + " or secai.plugins-dir).";
            return new PluginLoader(absolute, Optional.of(problem), List.of());
        }
        List<Source> sources = new ArrayList<>();
        for (Path entry : list(absolute)) {
            String fileName = entry.getFileName().toString();
            if (fileName.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                sources.add(openSource(entry, jarsIn(entry), absolute));
            } else if (Files.isRegularFile(entry) && fileName.endsWith(".jar")) {
                sources.add(openSource(entry, List.of(entry), absolute));
            }
        }
        return new PluginLoader(absolute, Optional.empty(), sources);
    }

    /** @return the plugins folder, absolute */
    public Path directory() {
        return directory;
    }

    /** @return why no plugin could be looked for (a missing folder); empty when the folder was read */
    public Optional<String> directoryProblem() {
        return directoryProblem;
    }

    /** @return the class loaders of the readable plugins, in the folder's order, for their {@code reference.conf} */
    public List<ClassLoader> classLoaders() {
        return sources.stream().filter(source -> source.loader != null)
                .map(source -> (ClassLoader) source.loader).toList();
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
        if (started) {
            throw new IllegalStateException("plugins already started");
        }
        started = true;
        hostClients.forEach(clients::registerHost);
        Path pluginData = dataDirectory.resolve("plugins");
        Map<String, Source> pluginNames = new LinkedHashMap<>();
        for (Source source : sources) {
            if (source.failure == null) {
                loadClientProviders(source, settings, pluginData, redactor);
            }
        }
        for (Source source : sources) {
            if (source.failure != null) {
                source.statuses.add(failed(source.name, source, source.failure));
                continue;
            }
            int found = loadPlugins(source, settings, pluginData, pluginNames, redactor);
            if (found == 0 && !source.providedClients.isEmpty()) {
                source.statuses.add(new PluginStatus(source.name, "", "",
                        "Provides clients: " + String.join(", ", source.providedClients), "", List.of(),
                        source.path, PluginStatus.State.LOADED, Optional.empty()));
            } else if (found == 0 && source.statuses.isEmpty()) {
                source.statuses.add(failed(source.name, source, source.name + " declares no plugin: it needs"
                        + " META-INF/services/" + Plugin.class.getName() + " naming its plugin class"));
            }
            if (!source.inUse) {
                closeLoader(source);
            }
        }
        sources.forEach(source -> statuses.addAll(source.statuses));
        collectCommands(redactor);
    }

    /** @return the clients plugins can ask for */
    public ClientRegistry clients() {
        return clients;
    }

    /** @return the plugins that loaded and started, in the folder's order */
    public synchronized List<LoadedPlugin> plugins() {
        return List.copyOf(plugins);
    }

    /** @return every plugin and client provider found, loaded or failed, in the folder's order */
    public synchronized List<PluginStatus> statuses() {
        return List.copyOf(statuses);
    }

    /** @return the command-line subcommands of the loaded plugins, sorted by name */
    public synchronized List<PluginCommand> commands() {
        return List.copyOf(commands);
    }

    /** @return problems that did not fail a plugin, such as two plugins adding the same command */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
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
        for (int i = plugins.size() - 1; i >= 0; i--) {
            LoadedPlugin plugin = plugins.get(i);
            try {
                WithClassLoader.call(plugin.loader(), () -> {
                    plugin.plugin().close();
                    return null;
                });
            } catch (Exception | LinkageError e) {
                LOG.warn("Plugin {} did not close cleanly: {}", plugin.name(), LoadFailures.describe(e));
            }
        }
        for (ClientRegistry.Registration registration : clients.registrations()) {
            if (registration.loader() instanceof PluginClassLoader
                    && registration.client() instanceof AutoCloseable closeable) {
                try {
                    WithClassLoader.call(registration.loader(), () -> {
                        closeable.close();
                        return null;
                    });
                } catch (Exception | LinkageError e) {
                    LOG.warn("A client from {} did not close cleanly: {}", registration.provider(),
                            LoadFailures.describe(e));
                }
            }
        }
        sources.forEach(this::closeLoader);
    }

    private static Source openSource(Path path, List<Path> jars, Path directory) {
        Source source = new Source(path);
        if (jars.isEmpty()) {
            source.failure = "the folder " + source.name + " holds no .jar file";
            return source;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            Optional<String> problem = unreadable(jar);
            if (problem.isPresent()) {
                source.failure = directory.relativize(jar) + " is not a readable jar (" + problem.get() + ")";
                return source;
            }
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                source.failure = jar + " cannot be put on a class path: " + e.getMessage();
                return source;
            }
        }
        source.loader = new PluginClassLoader(source.name, urls.toArray(URL[]::new),
                PluginLoader.class.getClassLoader());
        return source;
    }

    /** A jar the class loader cannot open would otherwise just look empty: say so up front, by name. */
    private static Optional<String> unreadable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            file.getManifest();
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted(Comparator.comparing(path -> path.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new SecAiException("Cannot read the plugins folder " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> jarsIn(Path folder) {
        try (Stream<Path> entries = Files.walk(folder)) {
            return entries.filter(Files::isRegularFile)
                    .filter(path -> path.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(path -> folder.relativize(path).toString()))
                    .toList();
        } catch (IOException e) {
            throw new SecAiException("Cannot read the plugin folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private void loadClientProviders(Source source, Settings settings, Path pluginData, SecretRedactor redactor) {
        for (Attempt<ClientProvider> attempt : instantiate(ClientProvider.class, source)) {
            if (attempt.failure != null) {
                source.statuses.add(failed(source.name, source, redactor.redact(attempt.failure)));
                continue;
            }
            ClientProvider provider = attempt.instance;
            String label = provider.getClass().getName();
            try {
                String apiVersion = WithClassLoader.call(source.loader, provider::apiVersion);
                if (!ApiVersion.isCompatible(apiVersion)) {
                    source.statuses.add(failed(source.name, source,
                            "client provider " + label + ": " + incompatible(apiVersion)));
                    continue;
                }
                Class<? extends Client> type = WithClassLoader.call(source.loader, provider::type);
                if (type == null || !type.isInterface() || !Client.class.isAssignableFrom(type)) {
                    source.statuses.add(failed(source.name, source, "client provider " + label
                            + " must name a client interface from io.secai.api as its type"));
                    continue;
                }
                Optional<String> taken = clients.providerOf(type);
                if (taken.isPresent()) {
                    source.statuses.add(failed(source.name, source, "client provider " + label + " offers "
                            + type.getSimpleName() + ", which " + taken.get() + " already provides"));
                    continue;
                }
                HostPluginContext context = new HostPluginContext(settings, clients, pluginData.resolve(source.name),
                        redactor);
                Client client = WithClassLoader.call(source.loader, () -> provider.create(context));
                if (!type.isInstance(client)) {
                    source.statuses.add(failed(source.name, source, "client provider " + label
                            + " created something that is not a " + type.getSimpleName()));
                    continue;
                }
                clients.register(type, client, source.name, source.loader);
                source.providedClients.add(type.getSimpleName());
                source.inUse = true;
            } catch (Exception | LinkageError e) {
                source.statuses.add(failed(source.name, source, "client provider " + label + " failed: "
                        + redactor.redact(LoadFailures.describe(e))));
            }
        }
    }

    private int loadPlugins(Source source, Settings settings, Path pluginData, Map<String, Source> names,
                            SecretRedactor redactor) {
        List<Attempt<Plugin>> attempts = instantiate(Plugin.class, source);
        for (Attempt<Plugin> attempt : attempts) {
            if (attempt.failure != null) {
                source.statuses.add(failed(source.name, source, redactor.redact(attempt.failure)));
                continue;
            }
            source.statuses.add(startPlugin(source, attempt.instance, settings, pluginData, names, redactor));
        }
        return attempts.size();
    }

    private PluginStatus startPlugin(Source source, Plugin plugin, Settings settings, Path pluginData,
                                     Map<String, Source> names, SecretRedactor redactor) {
        Description description;
        try {
            description = WithClassLoader.call(source.loader, () -> new Description(plugin.name(),
                    plugin.version(), plugin.apiVersion(), plugin.description(), plugin.helpText(),
                    plugin.capabilities()));
        } catch (Exception | LinkageError e) {
            return failed(source.name, source, plugin.getClass().getName() + " could not describe itself: "
                    + redactor.redact(LoadFailures.describe(e)));
        }
        String name = description.name == null ? source.name : description.name;
        if (!ApiVersion.isCompatible(description.apiVersion)) {
            return description.failed(name, source, incompatible(description.apiVersion));
        }
        if (description.name == null || !PLUGIN_NAME.matcher(description.name).matches()) {
            return description.failed(name, source, "its name '" + description.name
                    + "' is not valid: use lower-case letters, digits and dashes");
        }
        if (description.capabilities == null || description.capabilities.isEmpty()) {
            return description.failed(name, source, "it declares no capabilities, so no task could be sent to it");
        }
        Source owner = names.get(name);
        if (owner != null) {
            return description.failed(name, source, "the name '" + name + "' is already taken by the plugin from "
                    + owner.name);
        }
        HostPluginContext context = new HostPluginContext(settings, clients, pluginData.resolve(name), redactor);
        try {
            WithClassLoader.call(source.loader, () -> {
                plugin.start(context);
                return null;
            });
        } catch (Exception | LinkageError e) {
            closeQuietly(source, plugin, name);
            return description.failed(name, source, "start failed: " + redactor.redact(LoadFailures.describe(e)));
        }
        names.put(name, source);
        plugins.add(new LoadedPlugin(plugin, source.loader, source.path));
        contexts.put(name, context);
        source.inUse = true;
        return new PluginStatus(name, text(description.version), description.apiVersion, text(description.description),
                text(description.helpText), description.capabilities, source.path, PluginStatus.State.LOADED,
                Optional.empty());
    }

    private void collectCommands(SecretRedactor redactor) {
        Map<String, PluginCommand> byName = new TreeMap<>();
        for (LoadedPlugin plugin : plugins) {
            List<CommandContribution> contributions;
            try {
                contributions = WithClassLoader.call(plugin.loader(), plugin.plugin()::commands);
            } catch (Exception | LinkageError e) {
                warnings.add("The commands of plugin " + plugin.name() + " are not available: "
                        + redactor.redact(LoadFailures.describe(e)));
                continue;
            }
            for (CommandContribution contribution : contributions == null ? List.<CommandContribution>of()
                    : contributions) {
                PluginCommand existing = byName.get(contribution.name());
                if (existing != null) {
                    warnings.add("Command '" + contribution.name() + "' of plugin " + plugin.name()
                            + " is ignored: plugin " + existing.plugin() + " already adds it.");
                    continue;
                }
                byName.put(contribution.name(), new PluginCommand(plugin.name(), contribution,
                        runner(plugin, contribution, contexts.get(plugin.name()), redactor)));
            }
        }
        commands.addAll(byName.values());
    }

    private static PluginCommand.Runner runner(LoadedPlugin plugin, CommandContribution contribution,
                                               HostPluginContext context, SecretRedactor redactor) {
        return (List<String> args, InputStream in, PrintStream out, PrintStream err) -> {
            // The plugin writes to masking streams, never to the real ones: its output is masked whether it asks or
            // not, including the messages of exceptions it prints itself.
            PrintStream maskedOut = RedactingOutputStream.printStream(out, redactor::redact);
            PrintStream maskedErr = RedactingOutputStream.printStream(err, redactor::redact);
            try {
                return WithClassLoader.call(plugin.loader(), () -> contribution.handler()
                        .run(List.copyOf(args), CommandContribution.CommandIO.of(in, maskedOut, maskedErr, context)));
            } catch (Exception | LinkageError e) {
                LOG.debug("Command {} of plugin {} failed", contribution.name(), plugin.name(), e);
                maskedErr.println(plugin.name() + " " + contribution.name() + ": " + LoadFailures.describe(e));
                return 1;
            } finally {
                maskedOut.close();
                maskedErr.close();
            }
        };
    }

    /** One provider found by ServiceLoader: the instance, or why there is none. */
    private record Attempt<T>(T instance, String failure) {
    }

    private static <T> List<Attempt<T>> instantiate(Class<T> service, Source source) {
        List<Attempt<T>> attempts = new ArrayList<>();
        Iterator<ServiceLoader.Provider<T>> providers;
        try {
            providers = WithClassLoader.call(source.loader,
                    () -> ServiceLoader.load(service, source.loader).stream().iterator());
        } catch (Exception | ServiceConfigurationError | LinkageError e) {
            attempts.add(new Attempt<>(null, "its service list could not be read: " + LoadFailures.describe(e)));
            return attempts;
        }
        int errors = 0;
        while (errors < MAX_PROVIDER_ERRORS) {
            ServiceLoader.Provider<T> provider;
            try {
                Optional<ServiceLoader.Provider<T>> next = WithClassLoader.call(source.loader,
                        () -> providers.hasNext() ? Optional.of(providers.next()) : Optional.empty());
                if (next.isEmpty()) {
                    break;
                }
                provider = next.get();
            } catch (ServiceConfigurationError e) {
                errors++;
                attempts.add(new Attempt<>(null, LoadFailures.serviceError(e, service)));
                continue;
            } catch (LinkageError e) {
                errors++;
                attempts.add(new Attempt<>(null, "a provider " + LoadFailures.linkage(e)));
                continue;
            } catch (Exception e) {
                attempts.add(new Attempt<>(null, "its providers could not be listed: " + LoadFailures.describe(e)));
                break;
            }
            try {
                attempts.add(new Attempt<>(WithClassLoader.call(source.loader, provider::get), null));
            } catch (ServiceConfigurationError e) {
                attempts.add(new Attempt<>(null, LoadFailures.serviceError(e, service)));
            } catch (LinkageError e) {
                attempts.add(new Attempt<>(null, provider.type().getName() + " " + LoadFailures.linkage(e)));
            } catch (Exception e) {
                attempts.add(new Attempt<>(null, provider.type().getName() + " could not be created: "
                        + LoadFailures.describe(e)));
            }
        }
        return attempts;
    }

    /** What a plugin says about itself, read once with its class loader. */
    private record Description(String name, String version, String apiVersion, String description,
                               String helpText, List<Capability> capabilities) {
        PluginStatus failed(String shownName, Source source, String reason) {
            return new PluginStatus(shownName, text(version), text(apiVersion), text(description), "", List.of(),
                    source.path, PluginStatus.State.FAILED, Optional.of(reason));
        }
    }

    private static PluginStatus failed(String name, Source source, String reason) {
        return new PluginStatus(name, "", "", "", "", List.of(), source.path, PluginStatus.State.FAILED,
                Optional.of(reason));
    }

    private static String incompatible(String apiVersion) {
        return apiVersion == null || apiVersion.isBlank()
                ? "does not say which SecAI API version it was built for"
                : "built for API " + apiVersion.strip() + ", this SecAI runs " + ApiVersion.CURRENT;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static void closeQuietly(Source source, Plugin plugin, String name) {
        try {
            WithClassLoader.call(source.loader, () -> {
                plugin.close();
                return null;
            });
        } catch (Exception | LinkageError e) {
            // The start failure is what the user sees; this one only goes to the log.
            LOG.debug("Plugin {} failed to close after a failed start", name, e);
        }
    }

    private void closeLoader(Source source) {
        if (source.loader == null) {
            return;
        }
        try {
            source.loader.close();
        } catch (IOException e) {
            LOG.warn("Could not close the class loader of {}: {}", source.name, e.getMessage());
        }
        source.loader = null;
    }

    @Override
    public String toString() {
        return "PluginLoader[" + directory + "]";
    }
}
