package io.secai.mcp.client;

import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.Plugin;
import io.secai.api.PluginContext;
import io.secai.api.SecAiException;
import io.secai.api.Settings;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.engine.HostPlugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a plugin of every {@code mcp.servers.<name>} section, connecting to the servers in parallel. A server that
 * cannot be reached becomes a plugin that fails to start with the reason, so that {@code secai plugins} and the
 * start-up notices report it exactly like a broken plugin jar, and the other plugins keep working.
 */
public final class McpServerPlugins implements HostPlugins {

    @Override
    public List<Provided> create(Settings settings, Path dataDirectory) {
        List<CompletableFuture<Provided>> pending = new ArrayList<>();
        for (String name : McpServerConfig.names(settings)) {
            pending.add(CompletableFuture.supplyAsync(() -> provide(settings, name)));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    private static Provided provide(Settings settings, String name) {
        Path source = Path.of(McpServerConfig.PREFIX + "." + name);
        McpServerConfig config;
        try {
            config = McpServerConfig.from(settings, name);
        } catch (SecAiException e) {
            return new Provided(new Unavailable("mcp-" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", ""), e.getMessage()), source);
        }
        try {
            McpConnection first = McpConnection.open(config);
            return new Provided(new McpServerPlugin(config, first, () -> McpConnection.open(config)), source);
        } catch (RuntimeException e) {
            return new Provided(new Unavailable(config.pluginName(), "the MCP server " + config.name() + " ("
                    + config.where() + ") did not start or answer within " + config.startupTimeout() + ": "
                    + config.mask(McpServerPlugin.reason(e))), source);
        }
    }

    /** A server that could not be reached: it fails at start with the reason, as a broken jar does. */
    private record Unavailable(String name, String reason) implements Plugin {
        @Override
        public String apiVersion() {
            return ApiVersion.CURRENT;
        }

        @Override
        public String version() {
            return "MCP";
        }

        @Override
        public String description() {
            return "An MCP server that could not be reached.";
        }

        @Override
        public List<Capability> capabilities() {
            return List.of(Capability.of("unavailable", "nothing: the server could not be reached"));
        }

        @Override
        public void start(PluginContext context) {
            throw new SecAiException(reason);
        }

        @Override
        public TaskResult run(Task task, TaskContext context) {
            return TaskResult.failed(reason);
        }
    }
}
