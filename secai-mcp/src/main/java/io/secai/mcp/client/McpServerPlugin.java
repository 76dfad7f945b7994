package io.secai.mcp.client;

import io.modelcontextprotocol.spec.McpSchema;
import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.Plugin;
import io.secai.api.PluginContext;
import io.secai.api.SecAiException;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One configured MCP server as a SecAI plugin named {@code mcp-<name>}: each allowed tool is a capability the
 * planner can route to. A call that fails (the server crashed, timed out, or answered with an error) fails that
 * task only; the next call starts the server again.
 */
final class McpServerPlugin implements Plugin {

    private static final Logger LOG = LoggerFactory.getLogger(McpServerPlugin.class);
    private static final int MAX_DESCRIPTION = 400;

    private final McpServerConfig config;
    private final Supplier<McpConnection> connector;
    private final Map<String, McpSchema.Tool> tools;
    private final String description;
    private McpConnection connection;

    McpServerPlugin(McpServerConfig config, McpConnection first, Supplier<McpConnection> connector) {
        this.config = config;
        this.connector = connector;
        this.connection = first;
        Map<String, McpSchema.Tool> allowed = new LinkedHashMap<>();
        for (McpSchema.Tool tool : first.tools()) {
            if (config.allowTools().contains(tool.name())) {
                allowed.put(tool.name(), tool);
            }
        }
        this.tools = allowed;
        this.description = !config.description().isBlank() ? config.description()
                : "Tools of the MCP server '" + config.name() + "'"
                + (first.instructions().isBlank() ? "" : ": " + clean(first.instructions()));
    }

    @Override
    public String name() {
        return config.pluginName();
    }

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
        return description;
    }

    @Override
    public String helpText() {
        StringBuilder text = new StringBuilder("**MCP server " + config.name() + "** (" + config.where()
                + "). Allowed tools:\n");
        tools.values().forEach(tool -> text.append("- `").append(tool.name()).append("`: ")
                .append(clean(Optional.ofNullable(tool.description()).orElse(""))).append('\n'));
        return text.toString();
    }

    /** The allowed tools the server has; an allowed name the server lacks is reported at start. */
    @Override
    public List<Capability> capabilities() {
        List<Capability> capabilities = new ArrayList<>();
        for (McpSchema.Tool tool : tools.values()) {
            capabilities.add(Capability.of(tool.name(), clean(Optional.ofNullable(tool.description())
                    .orElse("the MCP tool " + tool.name())), McpArguments.parameters(tool)));
        }
        return capabilities;
    }

    @Override
    public void start(PluginContext context) {
        if (tools.isEmpty()) {
            throw new SecAiException("the MCP server " + config.name() + " offers none of the allowed tools "
                    + config.allowTools() + "; it offers " + connection.tools().stream().map(McpSchema.Tool::name)
                    .toList());
        }
    }

    @Override
    public TaskResult run(Task task, TaskContext context) {
        McpSchema.Tool tool = tools.get(task.capability());
        if (tool == null) {
            return TaskResult.failed("The MCP server " + config.name() + " has no allowed tool '"
                    + task.capability() + "'.");
        }
        Map<String, Object> arguments = McpArguments.arguments(tool, task);
        String argumentsJson = McpToolResults.json(arguments);
        context.progress("Calling MCP tool " + config.name() + "/" + tool.name());
        McpConnection live;
        try {
            live = connection();
        } catch (RuntimeException e) {
            return TaskResult.failed("The MCP server " + config.name() + " (" + config.where()
                    + ") could not be started again: " + config.mask(reason(e)));
        }
        try {
            return McpToolResults.toResult(config.name(), tool.name(), argumentsJson, live.call(tool.name(),
                    arguments));
        } catch (RuntimeException e) {
            LOG.debug("MCP tool {}/{} failed", config.name(), tool.name(), e);
            drop(live);
            return TaskResult.failed("The MCP server " + config.name() + " stopped answering during "
                    + tool.name() + ": " + config.mask(reason(e)) + ". It is started again on the next call.");
        }
    }

    private synchronized McpConnection connection() {
        if (connection == null) {
            connection = connector.get();
        }
        return connection;
    }

    private synchronized void drop(McpConnection broken) {
        if (connection == broken) {
            connection = null;
        }
        broken.close();
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }

    /** Tool descriptions come from the server: one line, bounded, before the planner reads them. */
    static String clean(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION) + "...";
    }

}
