package io.secai.plugin.kql;

import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.api.Settings;
import io.secai.api.TokenProvider;
import io.secai.plugin.kql.query.LogAnalytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The workspaces this plugin may query: {@code azure.workspace-id} (the default) and the named ones under
 * {@code plugins.sentinel-kql.workspaces.<name>}. Skills (their {@code target}), {@code kql run} and the MCP tools
 * all name workspaces through this one resolver, so a name means the same everywhere.
 */
final class NamedWorkspaces {

    static final String DEFAULT = "default";
    private static final String DEFAULT_KEY = "azure.workspace-id";
    private static final String NAMED_KEY = "plugins.sentinel-kql.workspaces";
    private static final String PURPOSE = "the Log Analytics workspace that Sentinel queries run against";

    private final Settings settings;

    NamedWorkspaces(Settings settings) {
        this.settings = settings;
    }

    /** @return the default workspace's id; throws naming the setting when it is not configured */
    String defaultId() {
        return settings.require(DEFAULT_KEY, PURPOSE);
    }

    /** @return the default workspace's id when one is configured */
    Optional<String> defaultIfConfigured() {
        return settings.string(DEFAULT_KEY).filter(id -> !id.isBlank());
    }

    /**
     * @param name a configured name, {@code default}, the default workspace's own id, or empty for the default
     * @return the workspace's id
     * @throws SecAiException naming the known workspaces and the setting when {@code name} is unknown
     */
    String resolve(Optional<String> name) {
        String wanted = name.map(String::strip).orElse("");
        String configured = settings.string(DEFAULT_KEY).orElse("");
        if (wanted.isEmpty() || wanted.equals(DEFAULT) || wanted.equalsIgnoreCase(configured)) {
            return defaultId();
        }
        Map<String, String> named = settings.map(NAMED_KEY);
        String id = named.get(wanted);
        if (id == null || id.isBlank()) {
            List<String> known = new ArrayList<>(List.of(DEFAULT));
            known.addAll(new TreeSet<>(named.keySet()));
            throw new SecAiException("No workspace named '" + wanted + "': the known ones are "
                    + String.join(", ", known) + " (set " + NAMED_KEY + "." + wanted + " = \"<workspace id>\").");
        }
        return id.strip();
    }

    /** The Azure identity every workspace call signs in with, or an error that says where to configure one. */
    static TokenProvider signIn(Optional<TokenProvider> tokens) {
        return tokens.orElseThrow(() -> new ServiceException(LogAnalytics.SERVICE,
                ServiceException.Kind.UNAVAILABLE,
                "no Azure identity is available to sign in to the workspace (see azure.auth)"));
    }
}
