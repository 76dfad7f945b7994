package io.secai.mcp.client;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.secai.api.Capability;
import io.secai.api.Task;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between a tool's JSON input schema and a task's text inputs. */
final class McpArguments {

    private McpArguments() {
    }

    static List<Capability.Parameter> parameters(McpSchema.Tool tool) {
        List<Capability.Parameter> parameters = new ArrayList<>();
        Map<String, Object> properties = properties(tool);
        List<?> required = required(tool);
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            Map<?, ?> schema = property.getValue() instanceof Map<?, ?> m ? m : Map.of();
            String type = String.valueOf(schema.get("type") == null ? "string" : schema.get("type"));
            String description = schema.get("description") == null ? "" : " " + schema.get("description");
            parameters.add(Capability.Parameter.of(property.getKey(),
                    McpServerPlugin.clean("(" + type + ")" + description), required.contains(property.getKey())));
        }
        return parameters;
    }

    /**
     * The task's inputs as the tool's arguments, typed by its schema. A tool with one required text parameter the
     * planner left empty gets the task's instruction there.
     */
    static Map<String, Object> arguments(McpSchema.Tool tool, Task task) {
        Map<String, Object> properties = properties(tool);
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (Map.Entry<String, String> input : task.inputs().entrySet()) {
            Object schema = properties.get(input.getKey());
            if (schema == null && !properties.isEmpty()) {
                continue;
            }
            arguments.put(input.getKey(), typed(input.getValue(), schema instanceof Map<?, ?> m ? m : Map.of()));
        }
        List<?> required = required(tool);
        List<Object> missing = required.stream().filter(name -> !arguments.containsKey(String.valueOf(name)))
                .map(Object.class::cast).toList();
        if (missing.size() == 1 && properties.get(String.valueOf(missing.get(0))) instanceof Map<?, ?> schema
                && "string".equals(String.valueOf(schema.get("type")))) {
            arguments.put(String.valueOf(missing.get(0)), task.instruction());
        }
        return arguments;
    }

    private static Object typed(String value, Map<?, ?> schema) {
        String type = String.valueOf(schema.get("type"));
        try {
            return switch (type) {
                case "integer" -> Long.parseLong(value.strip());
                case "number" -> Double.parseDouble(value.strip());
                case "boolean" -> Boolean.parseBoolean(value.strip());
                case "array", "object" -> McpJsonDefaults.getMapper().readValue(value, new TypeRef<Object>() { });
                default -> value;
            };
        } catch (NumberFormatException | IOException e) {
            // The server's own validation gives the model-facing message; pass the text on as it is.
            return value;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(McpSchema.Tool tool) {
        Object properties = tool.inputSchema() == null ? null : tool.inputSchema().get("properties");
        return properties instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> required(McpSchema.Tool tool) {
        Object required = tool.inputSchema() == null ? null : tool.inputSchema().get("required");
        return required instanceof List<?> list ? list : List.of();
    }
}
