package io.secai.engine.loading;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.secai.api.ApiVersion;
import io.secai.api.Client;
import io.secai.api.ClientProvider;
import io.secai.api.Settings;
import io.secai.engine.PluginStatus;
import io.secai.engine.config.SecretRedactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.secai.engine.loading.PluginInstaller.failed;
import static io.secai.engine.loading.PluginInstaller.incompatible;

/**
 * Installs the clients plugin jars provide ({@link ClientProvider}), one source after another in the folder's order:
 * who provides an interface is decided by that order, and the host's clients, registered before, win over all.
 * Used by {@link PluginInstaller}, once, on one thread.
 */
final class ClientInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(ClientInstaller.class);

    private final Settings settings;
    private final ClientRegistry clients;
    private final Path pluginData;
    private final SecretRedactor redactor;
    /** The version and API version of each source's client providers, shown as a plugin's are. */
    private final Map<PluginFolder.Source, String[]> clientVersions = new LinkedHashMap<>();
    /** The client interfaces each source provides, by simple name. */
    private final Map<PluginFolder.Source, List<String>> provided = new LinkedHashMap<>();
    private final Set<PluginFolder.Source> inUse = new HashSet<>();

    ClientInstaller(Settings settings, ClientRegistry clients, Path pluginData, SecretRedactor redactor) {
        this.settings = settings;
        this.clients = clients;
        this.pluginData = pluginData;
        this.redactor = redactor;
    }

    /** Every source's clients; gives each source's failures (a list to add the plugins' statuses to). */
    Map<PluginFolder.Source, List<PluginStatus>> installAll(Map<PluginFolder.Source, ClassLoader> loaders,
                                                            List<PluginFolder.Source> sources) {
        Map<PluginFolder.Source, List<PluginStatus>> bySource = new LinkedHashMap<>();
        for (PluginFolder.Source source : sources) {
            bySource.put(source, new ArrayList<>());
            ClassLoader loader = loaders.get(source);
            if (loader != null) {
                provided.put(source, installClients(source, loader, bySource.get(source)));
            }
        }
        return bySource;
    }

    /** @return the simple names of the client interfaces the source provides */
    List<String> provided(PluginFolder.Source source) {
        return provided.getOrDefault(source, List.of());
    }

    /** @return the version and API version of the source's client providers, empty texts when none */
    String[] versions(PluginFolder.Source source) {
        return clientVersions.getOrDefault(source, new String[] {"", ""});
    }

    /** @return the sources one of whose clients is registered, so their class loader must stay open */
    Set<PluginFolder.Source> inUse() {
        return Set.copyOf(inUse);
    }

    private List<String> installClients(PluginFolder.Source source, ClassLoader loader, List<PluginStatus> found) {
        List<String> provided = new ArrayList<>();
        for (ServiceProviders.Attempt<ClientProvider> attempt
                : ServiceProviders.instantiate(ClientProvider.class, loader)) {
            if (attempt.failure() != null) {
                found.add(failed(source.name(), source, redactor.redact(attempt.failure())));
                continue;
            }
            ClientProvider provider = attempt.instance();
            String label = "client provider " + provider.getClass().getName();
            try {
                Optional<String> problem = installClient(source, loader, provider, label);
                if (problem.isPresent()) {
                    found.add(failed(source.name(), source, label + problem.get()));
                } else {
                    provided.add(ContextClassLoader.call(loader, provider::type).getSimpleName());
                    // From the jar's manifest, as Plugin.version() does: one version string per build.
                    Package definedIn = provider.getClass().getPackage();
                    String version = definedIn == null ? null : definedIn.getImplementationVersion();
                    clientVersions.putIfAbsent(source, new String[] {version == null ? "unknown" : version,
                            ContextClassLoader.call(loader, provider::apiVersion)});
                    inUse.add(source);
                }
            } catch (Exception | LinkageError e) {
                found.add(failed(source.name(), source, label + " failed: "
                        + redactor.redact(LoadFailures.describe(e))));
            }
        }
        return provided;
    }

    /** Registers the provider's client; returns why not when it cannot be used. */
    private Optional<String> installClient(PluginFolder.Source source, ClassLoader loader, ClientProvider provider,
                                           String label) throws Exception {
        String apiVersion = ContextClassLoader.call(loader, provider::apiVersion);
        if (!ApiVersion.isCompatible(apiVersion)) {
            return Optional.of(": " + incompatible(apiVersion));
        }
        Class<? extends Client> type = ContextClassLoader.call(loader, provider::type);
        if (type == null || !type.isInterface() || !Client.class.isAssignableFrom(type)) {
            return Optional.of(" must name a client interface from io.secai.api as its type");
        }
        Optional<String> taken = clients.providerOf(type);
        if (taken.isPresent()) {
            return Optional.of(" offers " + type.getSimpleName() + ", which " + taken.get() + " already provides");
        }
        HostPluginContext context = new HostPluginContext(settings, clients, pluginData.resolve(source.name()),
                redactor);
        Client client = ContextClassLoader.call(loader, () -> provider.create(context));
        if (!type.isInstance(client)) {
            return Optional.of(" created something that is not a " + type.getSimpleName());
        }
        clients.register(type, client, source.name(), loader);
        LOG.debug("{} from {} provides {}", label, source.name(), type.getName());
        return Optional.empty();
    }
}
