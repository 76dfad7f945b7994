package io.secai.engine.loading;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.CommandContribution;
import io.secai.api.Plugin;
import io.secai.api.Settings;
import io.secai.engine.HostPlugins;
import io.secai.engine.PluginCommand;
import io.secai.engine.PluginStatus;
import io.secai.engine.config.SecretRedactor;
import io.secai.engine.redaction.RedactingOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs what the plugin sources provide, once: first every source's clients, then its plugins, each checked
 * (API version, name, capabilities, commands) and started. Whatever goes wrong with one provider becomes a
 * {@link PluginStatus} with a plain reason, and the rest still installs.
 *
 * <p>A plugin is asked for everything it says about itself (name, versions, description, help, capabilities,
 * commands) once, before it starts; when any of it throws the plugin is failed and never offered to the planner,
 * so one broken plugin cannot stop prompts from being planned.
 */
final class PluginInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(PluginInstaller.class);
    private static final Pattern PLUGIN_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Settings settings;
    private final ClientRegistry clients;
    private final Path pluginData;
    private final SecretRedactor redactor;
    private final List<LoadedPlugin> plugins = new ArrayList<>();
    private final Map<String, Description> descriptions = new LinkedHashMap<>();
    private final Map<String, HostPluginContext> contexts = new LinkedHashMap<>();
    private final List<PluginStatus> statuses = new ArrayList<>();
    private final Set<PluginFolder.Source> inUse = new HashSet<>();
    private final ClientInstaller clientInstaller;

    /**
     * What the installation produced.
     *
     * @param plugins the plugins that started, in the folder's order
     * @param statuses every plugin and client provider found, loaded or failed, in the folder's order
     * @param commands the loaded plugins' subcommands, sorted by name
     * @param warnings problems that failed no plugin, such as two plugins adding the same command
     * @param inUse the sources whose class loader must stay open
     */
    record Installed(List<LoadedPlugin> plugins, List<PluginStatus> statuses, List<PluginCommand> commands,
                     List<String> warnings, Set<PluginFolder.Source> inUse) {
    }

    PluginInstaller(Settings settings, ClientRegistry clients, Path dataDirectory, SecretRedactor redactor) {
        this.settings = settings;
        this.clients = clients;
        this.pluginData = dataDirectory.resolve("plugins");
        this.redactor = redactor;
        this.clientInstaller = new ClientInstaller(settings, clients, pluginData, redactor);
    }

    /**
     * Installs the clients, then the plugins, of the given sources.
     *
     * @param loaders each readable source with its class loader, in the folder's order
     * @param sources every source, in the folder's order
     * @return what was installed and what failed
     */
    Installed install(Map<PluginFolder.Source, ClassLoader> loaders, List<PluginFolder.Source> sources) {
        return install(loaders, sources, List.of());
    }

    /**
     * Installs the clients, then the plugins, of the given sources, then the host's own plugins.
     *
     * @param loaders each readable source with its class loader, in the folder's order
     * @param sources every source, in the folder's order
     * @param hostPlugins plugins the host brings (MCP servers), checked and started like the others
     * @return what was installed and what failed
     */
    Installed install(Map<PluginFolder.Source, ClassLoader> loaders, List<PluginFolder.Source> sources,
                      List<HostPlugins.Provided> hostPlugins) {
        try (StartPool pool = StartPool.create(sources.size() + hostPlugins.size())) {
            return install(loaders, sources, hostPlugins, pool);
        }
    }

    /**
     * The order of events matches a one-by-one installation (clients in the folder's order, then each plugin
     * described, checked and started in the folder's order, the host's last); only the slow parts run side by side:
     * while the clients install, every plugin is created and describes itself (neither gets a context, so neither
     * can need a client), and once the names are settled, the plugins start in parallel. Plugins that claim the same
     * name start one after another in the folder's order until one starts, so the first that starts keeps the name,
     * as before.
     */
    private Installed install(Map<PluginFolder.Source, ClassLoader> loaders, List<PluginFolder.Source> sources,
                              List<HostPlugins.Provided> hostPlugins, StartPool pool) {
        java.util.concurrent.Future<Map<PluginFolder.Source, List<PluginStatus>>> clientsInstalled =
                pool.submit(() -> clientInstaller.installAll(loaders, sources));
        List<java.util.concurrent.Future<List<Candidate>>> described = new ArrayList<>();
        for (PluginFolder.Source source : sources) {
            ClassLoader loader = loaders.get(source);
            described.add(pool.submit(() -> loader == null ? List.of() : describeAll(source, loader)));
        }
        ClassLoader hostLoader = PluginInstaller.class.getClassLoader();
        for (HostPlugins.Provided host : hostPlugins) {
            PluginFolder.Source source = new PluginFolder.Source(host.source(), host.source().toString(),
                    List.of(), Optional.empty());
            described.add(pool.submit(() -> List.of(describe(source, hostLoader, host.plugin()))));
        }
        Map<PluginFolder.Source, List<PluginStatus>> bySource = StartPool.await(clientsInstalled);
        List<List<Candidate>> candidates = described.stream().map(StartPool::await).toList();

        // The checks in the folder's order; the survivors grouped by the name they claim.
        Map<String, List<Candidate>> byName = new LinkedHashMap<>();
        for (List<Candidate> ofSource : candidates) {
            for (Candidate candidate : ofSource) {
                if (candidate.status() == null) {
                    Optional<String> problem = problem(candidate.description());
                    if (problem.isPresent()) {
                        candidate.status(candidate.description().failed(candidate.name(), candidate.source(),
                                problem.get()));
                    } else {
                        byName.computeIfAbsent(candidate.name(), name -> new ArrayList<>()).add(candidate);
                    }
                }
            }
        }
        List<java.util.concurrent.Future<?>> starts = new ArrayList<>();
        for (List<Candidate> claimants : byName.values()) {
            starts.add(pool.submit(() -> {
                startFirstOf(claimants);
                return null;
            }));
        }
        starts.forEach(StartPool::await);

        for (int i = 0; i < sources.size(); i++) {
            PluginFolder.Source source = sources.get(i);
            List<PluginStatus> found = bySource.get(source);
            List<Candidate> ofSource = candidates.get(i);
            if (loaders.get(source) == null) {
                found.add(failed(source.name(), source, source.problem().orElse("it could not be opened")));
                continue;
            }
            ofSource.forEach(candidate -> found.add(accept(candidate)));
            List<String> clientsOfSource = clientInstaller.provided(source);
            if (ofSource.isEmpty() && !clientsOfSource.isEmpty()) {
                String[] versions = clientInstaller.versions(source);
                found.add(new PluginStatus(source.name(), versions[0], versions[1], "Provides clients: "
                        + String.join(", ", clientsOfSource), "", List.of(), source.path(),
                        PluginStatus.State.LOADED, Optional.empty()));
            } else if (ofSource.isEmpty() && found.isEmpty()) {
                found.add(failed(source.name(), source, source.name() + " declares no plugin: it needs"
                        + " META-INF/services/" + Plugin.class.getName() + " naming its plugin class"));
            }
        }
        bySource.values().forEach(statuses::addAll);
        inUse.addAll(clientInstaller.inUse());
        for (int i = sources.size(); i < candidates.size(); i++) {
            candidates.get(i).forEach(candidate -> statuses.add(accept(candidate)));
        }
        List<String> warnings = new ArrayList<>();
        List<PluginCommand> commands = commands(warnings);
        return new Installed(List.copyOf(plugins), List.copyOf(statuses), commands, List.copyOf(warnings),
                Set.copyOf(inUse));
    }

    /** Creates the source's plugins and asks each to describe itself. */
    private List<Candidate> describeAll(PluginFolder.Source source, ClassLoader loader) {
        List<Candidate> found = new ArrayList<>();
        for (ServiceProviders.Attempt<Plugin> attempt : ServiceProviders.instantiate(Plugin.class, loader)) {
            found.add(attempt.failure() != null
                    ? Candidate.done(source, failed(source.name(), source, redactor.redact(attempt.failure())))
                    : describe(source, loader, attempt.instance()));
        }
        return found;
    }

    private Candidate describe(PluginFolder.Source source, ClassLoader loader, Plugin plugin) {
        try {
            Description description = ContextClassLoader.call(loader, () -> new Description(plugin.name(),
                    plugin.version(), plugin.apiVersion(), plugin.description(), plugin.helpText(),
                    plugin.capabilities(), plugin.commands()));
            return new Candidate(source, loader, plugin, description);
        } catch (Exception | LinkageError e) {
            return Candidate.done(source, failed(source.name(), source, plugin.getClass().getName()
                    + " could not describe itself: " + redactor.redact(LoadFailures.describe(e))));
        }
    }

    /** Starts the plugins that claim one name in order until one starts; the rest find the name taken. */
    private void startFirstOf(List<Candidate> claimants) {
        Candidate owner = null;
        for (Candidate candidate : claimants) {
            if (owner != null) {
                candidate.status(candidate.description().failed(candidate.name(), candidate.source(),
                        "the name '" + candidate.name() + "' is already taken by the plugin from "
                                + owner.source().name()));
            } else if (start(candidate)) {
                owner = candidate;
            }
        }
    }

    /** Records a started plugin as loaded, in the order this is called; gives the candidate's status. */
    private PluginStatus accept(Candidate candidate) {
        if (candidate.started()) {
            plugins.add(new LoadedPlugin(candidate.plugin(), candidate.loader(), candidate.source().path()));
            descriptions.put(candidate.name(), candidate.description());
            contexts.put(candidate.name(), candidate.context());
            inUse.add(candidate.source());
        }
        return candidate.status();
    }

    /** Starts one checked plugin; its status says how it went. */
    private boolean start(Candidate candidate) {
        String name = candidate.name();
        ClassLoader loader = candidate.loader();
        Plugin plugin = candidate.plugin();
        HostPluginContext context = new HostPluginContext(settings, clients, pluginData.resolve(name), redactor);
        try {
            ContextClassLoader.call(loader, () -> {
                plugin.start(context);
                return null;
            });
        } catch (Exception | LinkageError e) {
            closeQuietly(loader, plugin, name);
            candidate.status(candidate.description().failed(name, candidate.source(),
                    "start failed: " + redactor.redact(LoadFailures.describe(e))));
            return false;
        }
        Description description = candidate.description();
        candidate.started(context, new PluginStatus(name, text(description.version()), description.apiVersion(),
                text(description.description()), text(description.helpText()),
                capabilitiesAfterStart(loader, plugin, description), candidate.source().path(),
                PluginStatus.State.LOADED, Optional.empty()));
        return true;
    }

    /**
     * A plugin may add capabilities from its settings in {@link io.secai.api.Plugin#start} (the Sentinel plugin's
     * KQL skills), so the status shows what it offers once started; what it said before stands if asking fails.
     */
    private static List<Capability> capabilitiesAfterStart(ClassLoader loader, Plugin plugin,
                                                                       Description description) {
        try {
            List<Capability> started = ContextClassLoader.call(loader, plugin::capabilities);
            return started == null || started.isEmpty() || started.stream().anyMatch(Objects::isNull)
                    ? description.capabilities() : List.copyOf(started);
        } catch (Exception | LinkageError e) {
            return description.capabilities();
        }
    }

    private static Optional<String> problem(Description description) {
        if (!ApiVersion.isCompatible(description.apiVersion())) {
            return Optional.of(incompatible(description.apiVersion()));
        }
        if (description.name() == null || !PLUGIN_NAME.matcher(description.name()).matches()) {
            return Optional.of("its name '" + description.name()
                    + "' is not valid: use lower-case letters, digits and dashes");
        }
        if (description.description() == null) {
            return Optional.of("it gives no description, so the planner could not choose it");
        }
        if (description.capabilities() == null || description.capabilities().isEmpty()
                || description.capabilities().stream().anyMatch(Objects::isNull)) {
            return Optional.of("it declares no capabilities, so no task could be sent to it");
        }
        if (description.commands() == null || description.commands().stream().anyMatch(Objects::isNull)) {
            return Optional.of("its list of commands is missing or holds an empty entry");
        }
        return Optional.empty();
    }

    private List<PluginCommand> commands(List<String> warnings) {
        Map<String, PluginCommand> byName = new TreeMap<>();
        for (LoadedPlugin plugin : plugins) {
            for (CommandContribution contribution : descriptions.get(plugin.name()).commands()) {
                PluginCommand existing = byName.get(contribution.name());
                if (existing != null) {
                    warnings.add("Command '" + contribution.name() + "' of plugin " + plugin.name()
                            + " is ignored: plugin " + existing.plugin() + " already adds it.");
                    continue;
                }
                byName.put(contribution.name(), new PluginCommand(plugin.name(), contribution,
                        runner(plugin, contribution, contexts.get(plugin.name()))));
            }
        }
        return List.copyOf(byName.values());
    }

    private PluginCommand.Runner runner(LoadedPlugin plugin, CommandContribution contribution,
                                        HostPluginContext context) {
        return (List<String> args, InputStream in, PrintStream out, PrintStream err) -> {
            // The plugin writes to masking streams, never to the real ones: its output is masked whether it asks or
            // not, including the messages of exceptions it prints itself.
            PrintStream maskedOut = RedactingOutputStream.printStream(out, redactor::redact);
            PrintStream maskedErr = RedactingOutputStream.printStream(err, redactor::redact);
            try {
                return ContextClassLoader.call(plugin.loader(), () -> contribution.handler()
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

    /** What a plugin says about itself, read once with its class loader before it starts. */
    record Description(String name, String version, String apiVersion, String description,
                               String helpText, List<Capability> capabilities, List<CommandContribution> commands) {
        PluginStatus failed(String shownName, PluginFolder.Source source, String reason) {
            return new PluginStatus(shownName, text(version), text(apiVersion), text(description), "", List.of(),
                    source.path(), PluginStatus.State.FAILED, Optional.of(reason));
        }
    }

    static PluginStatus failed(String name, PluginFolder.Source source, String reason) {
        return new PluginStatus(name, "", "", "", "", List.of(), source.path(), PluginStatus.State.FAILED,
                Optional.of(reason));
    }

    static String incompatible(String apiVersion) {
        return apiVersion == null || apiVersion.isBlank()
                ? "does not say which SecAI API version it was built for"
                : "built for API " + apiVersion.strip() + ", this SecAI runs " + ApiVersion.CURRENT;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static void closeQuietly(ClassLoader loader, Plugin plugin, String name) {
        try {
            ContextClassLoader.run(loader, plugin::close);
        } catch (RuntimeException | LinkageError e) {
            // The start failure is what the user sees; this one only goes to the log.
            LOG.debug("Plugin {} failed to close after a failed start", name, e);
        }
    }
}
