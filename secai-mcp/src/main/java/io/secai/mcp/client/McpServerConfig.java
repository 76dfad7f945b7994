package io.secai.mcp.client;

import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code mcp.servers.<name>} section: how to reach the server (a command for stdio, or a URL for Streamable
 * HTTP), the headers to send, which of its tools SecAI may use, and how long to wait.
 *
 * @param name the section's name
 * @param command the program and its arguments, for stdio; empty for HTTP
 * @param environment extra environment variables for the program; values of 8 characters or more are secrets
 *     (the engine's redactor masks them in every output)
 * @param url the Streamable HTTP endpoint; empty for stdio
 * @param headers HTTP headers to send (such as Authorization); their values are secrets
 * @param allowTools the tools SecAI may call; no other tool is offered to the planner
 * @param description what the server is for, for the planner; empty to use what the server says
 * @param startupTimeout how long starting and initializing may take
 * @param callTimeout how long one tool call may take
 */
public record McpServerConfig(String name, List<String> command, Map<String, String> environment,
                              Optional<String> url, Map<String, String> headers, List<String> allowTools,
                              String description, Duration startupTimeout, Duration callTimeout) {

    /** Where the servers are configured. */
    public static final String PREFIX = "mcp.servers";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public McpServerConfig {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        headers = Map.copyOf(headers);
        allowTools = List.copyOf(allowTools);
    }

    /**
     * @param settings the merged settings
     * @return the names of the configured servers, in order
     */
    public static List<String> names(Settings settings) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : settings.map(PREFIX).keySet()) {
            int dot = key.indexOf('.');
            names.add(dot < 0 ? key : key.substring(0, dot));
        }
        return new ArrayList<>(names);
    }

    /**
     * @param settings the merged settings
     * @param name a server's section name
     * @return its configuration
     * @throws SecAiException naming the setting that is wrong
     */
    public static McpServerConfig from(Settings settings, String name) {
        String at = PREFIX + "." + name;
        if (!NAME.matcher(name).matches()) {
            throw new SecAiException(at + ": the name must be lower-case letters, digits and dashes (it becomes the"
                    + " plugin mcp-" + name + ").");
        }
        List<String> command = settings.list(at + ".command");
        Optional<String> url = settings.string(at + ".url");
        if (command.isEmpty() == url.isEmpty()) {
            throw new SecAiException(at + " needs either command (a stdio server, e.g. [\"npx\", \"my-server\"]) or"
                    + " url (a Streamable HTTP endpoint), not " + (command.isEmpty() ? "neither" : "both") + ".");
        }
        url.ifPresent(u -> {
            if (!u.startsWith("https://") && !u.startsWith("http://")) {
                throw new SecAiException(at + ".url must be an http or https URL.");
            }
        });
        List<String> allow = settings.list(at + ".allow-tools");
        if (allow.isEmpty()) {
            throw new SecAiException(at + ".allow-tools is empty: list the tools SecAI may call (nothing is allowed"
                    + " by default).");
        }
        return new McpServerConfig(name, command, settings.map(at + ".env"), url, settings.map(at + ".headers"),
                allow, settings.string(at + ".description").orElse(""),
                settings.duration(at + ".startup-timeout", Duration.ofSeconds(20)),
                settings.duration(at + ".call-timeout", Duration.ofSeconds(60)));
    }

    /** @return the plugin's name */
    public String pluginName() {
        return "mcp-" + name;
    }

    /** @return how the server is reached, for messages: the program or the URL, never a header */
    public String where() {
        return url.map(u -> "at " + u).orElseGet(() -> "with command " + command.get(0));
    }

    /**
     * Masks the header values (tokens) in a text before it is shown or logged.
     *
     * @param text any text
     * @return the text without header values
     */
    public String mask(String text) {
        String masked = text == null ? "" : text;
        for (String value : headers.values()) {
            if (value.length() >= 4) {
                masked = masked.replace(value, "****");
            }
        }
        for (String value : environment.values()) {
            // The same rule as the engine's redactor, which masks these values in every output and encoding.
            if (value.strip().length() >= io.secai.engine.config.SecretRedactor.MCP_ENV_SECRET_MIN_LENGTH) {
                masked = masked.replace(value, "****");
            }
        }
        return masked;
    }
}
