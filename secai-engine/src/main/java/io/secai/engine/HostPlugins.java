package io.secai.engine;

import io.secai.api.Plugin;
import io.secai.api.Settings;

import java.nio.file.Path;
import java.util.List;

/**
 * Plugins the host itself brings rather than a jar in plugins-dir, such as one per configured MCP server. Found
 * with {@link java.util.ServiceLoader} on the host's class path; each plugin is then checked, started and reported
 * exactly like a plugin from a jar, so one that cannot start is a failed plugin with its reason, and the rest work.
 */
public interface HostPlugins {

    /**
     * One plugin and where it comes from.
     *
     * @param plugin the plugin, not yet started
     * @param source what {@code secai plugins} shows as its source (for example {@code mcp.servers.tickets})
     */
    record Provided(Plugin plugin, Path source) {
    }

    /**
     * Creates the plugins the settings ask for. May connect to what the plugins stand for, within the time the
     * settings allow, so that their capabilities are known before the planner sees them.
     *
     * @param settings the merged settings
     * @param dataDirectory SecAI's data folder
     * @return the plugins, none when nothing is configured
     */
    List<Provided> create(Settings settings, Path dataDirectory);
}
