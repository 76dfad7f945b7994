package io.secai.mcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.secai.api.Artifact;
import io.secai.api.SecAiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What every SecAI tool shares: its description, one way of turning a command's JSON into structured content and
 * its text twin, one way of turning a failure into a tool error the calling model can read, and the audit record.
 */
final class ToolSupport {

    /** One tool's work: reads the arguments, adds its evidence, and returns the result. */
    @FunctionalInterface
    interface Handler {
        McpSchema.CallToolResult call(Map<String, Object> arguments, List<Artifact> evidence);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ToolSupport.class);
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() { };
    private static final int MAX_TEXT_ARGUMENT = 200_000;

    private final McpJsonMapper json;
    private final PluginCommandCall commands;
    private final ToolAudit audit;
    private final UnaryOperator<String> redactor;

    ToolSupport(McpJsonMapper json, PluginCommandCall commands, ToolAudit audit, UnaryOperator<String> redactor) {
        this.json = json;
        this.commands = commands;
        this.audit = audit;
        this.redactor = redactor;
    }

    McpJsonMapper json() {
        return json;
    }

    McpSchema.Tool tool(String name, String title, String description, String inputSchema, String outputSchema,
                        boolean openWorld) {
        return McpSchema.Tool.builder()
                .name(name)
                .title(title)
                .description(description)
                .inputSchema(json, inputSchema)
                .outputSchema(json, outputSchema)
                .annotations(new McpSchema.ToolAnnotations(title, true, false, true, openWorld, false))
                .build();
    }

    SyncToolSpecification spec(McpSchema.Tool tool, Handler handler) {
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> {
            Instant started = audit.now();
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            List<Artifact> evidence = new ArrayList<>();
            McpSchema.CallToolResult result;
            try {
                result = handler.call(arguments, evidence);
            } catch (SecAiException e) {
                result = error(e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("MCP tool {} failed", tool.name(), e);
                result = error("SecAI could not complete " + tool.name() + ": " + e);
            }
            boolean failed = Boolean.TRUE.equals(result.isError());
            audit.record(tool.name(), argumentsText(arguments), started,
                    failed ? firstText(result) : null, evidence);
            return result;
        }).build();
    }

    /** Runs a plugin command that prints one JSON object and exits 0; anything else is the tool's error. */
    McpSchema.CallToolResult jsonCommand(String command, List<String> words) {
        PluginCommandCall.Output output = commands.run(command, words);
        if (output.exitCode() != 0) {
            return error(redactor.apply(output.reason()));
        }
        return structured(parse(output.out()), false);
    }

    /**
     * Runs {@code kql run}: exit 0 with a passing verdict, exit 1 with a refusing one (a tool error, so that the
     * calling model cannot mistake a refusal for an empty result), or exit 1 without JSON for any other failure.
     */
    McpSchema.CallToolResult guardCommand(List<String> words) {
        PluginCommandCall.Output output = commands.run("kql", words);
        String printed = output.out().strip();
        if (printed.startsWith("{")) {
            Map<String, Object> answer = parse(printed);
            boolean refused = Boolean.FALSE.equals(answer.get("passed"));
            if (refused) {
                List<String> reasons = new ArrayList<>();
                if (answer.get("refusals") instanceof List<?> refusals) {
                    for (Object refusal : refusals) {
                        if (refusal instanceof Map<?, ?> r) {
                            reasons.add(String.valueOf(r.get("message")));
                        }
                    }
                }
                Map<String, Object> withError = new LinkedHashMap<>(answer);
                withError.put("error", "Refused by SecAI's read-only guard: " + String.join("; ", reasons));
                return structured(withError, true);
            }
            return structured(answer, output.exitCode() != 0);
        }
        return error(redactor.apply(output.reason()));
    }

    McpSchema.CallToolResult structured(Map<String, Object> content, boolean isError) {
        String text;
        try {
            text = json.writeValueAsString(content);
        } catch (IOException e) {
            throw new SecAiException("The tool's result could not be written as JSON: " + e.getMessage(), e);
        }
        return McpSchema.CallToolResult.builder()
                .structuredContent(content)
                .addTextContent(text)
                .isError(isError)
                .build();
    }

    McpSchema.CallToolResult error(String message) {
        String safe = redactor.apply(message == null ? "unknown error" : message);
        return McpSchema.CallToolResult.builder()
                .structuredContent(Map.of("error", safe))
                .addTextContent(safe)
                .isError(true)
                .build();
    }

    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text.strip(), MAP);
        } catch (IOException e) {
            throw new SecAiException("The plugin's answer was not the expected JSON: " + e.getMessage(), e);
        }
    }

    private String argumentsText(Map<String, Object> arguments) {
        try {
            return json.writeValueAsString(arguments);
        } catch (IOException e) {
            return arguments.keySet().toString();
        }
    }

    private static String firstText(McpSchema.CallToolResult result) {
        if (result.structuredContent() instanceof Map<?, ?> map && map.get("error") != null) {
            return String.valueOf(map.get("error"));
        }
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text()).findFirst().orElse("failed");
    }

    static String requireText(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new SecAiException("The argument '" + name + "' is required and must be non-empty text.");
        }
        if (text.length() > MAX_TEXT_ARGUMENT) {
            throw new SecAiException("The argument '" + name + "' is longer than " + MAX_TEXT_ARGUMENT
                    + " characters.");
        }
        return text;
    }

    static Optional<String> optionalText(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new SecAiException("The argument '" + name + "' must be text.");
        }
        return text.isBlank() ? Optional.empty() : Optional.of(requireText(arguments, name));
    }

    static Optional<Integer> optionalInteger(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new SecAiException("The argument '" + name + "' must be a whole number.");
        }
        return Optional.of((int) Math.max(1, Math.min(1000, number.longValue())));
    }
}
