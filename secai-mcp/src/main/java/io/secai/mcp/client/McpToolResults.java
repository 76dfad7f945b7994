package io.secai.mcp.client;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.TaskResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an MCP tool's answer into a {@link TaskResult}: its text as the answer, and structured content that holds
 * records (a list of objects, or an object with one such list) as a typed table the front ends render themselves.
 * Everything it says is untrusted: later prompts see it as the result's context text, which the model clients
 * wrap in {@link io.secai.api.UntrustedText} markers.
 */
final class McpToolResults {

    private static final int MAX_ROWS = 5000;
    private static final int MAX_COLUMNS = 50;
    private static final int MAX_CONTEXT_CHARS = 4000;

    private McpToolResults() {
    }

    static TaskResult toResult(String server, String tool, String argumentsJson, McpSchema.CallToolResult answer) {
        String text = text(answer);
        Artifact call = Artifact.of(Artifact.Kind.OTHER, "MCP tool " + server + "/" + tool, argumentsJson);
        if (Boolean.TRUE.equals(answer.isError())) {
            return TaskResult.builder().status(TaskResult.Status.FAILED)
                    .markdown("The MCP tool " + server + "/" + tool + " reported an error: "
                            + (text.isBlank() ? "(no message)" : cap(text, 2000)))
                    .artifact(call).build();
        }
        Optional<ResultTable> table = table(answer.structuredContent());
        String shown = !text.isBlank() ? text
                : table.isPresent() ? table.get().rows().size() + " rows from " + server + "/" + tool + "."
                : json(answer.structuredContent());
        TaskResult.Builder result = TaskResult.builder()
                .markdown(shown)
                .artifact(call)
                .contextText("Output of MCP tool " + server + "/" + tool + ":\n"
                        + cap(text.isBlank() ? json(answer.structuredContent()) : text, MAX_CONTEXT_CHARS));
        table.ifPresent(result::table);
        return result.build();
    }

    static String text(McpSchema.CallToolResult answer) {
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content content : answer.content() == null ? List.<McpSchema.Content>of() : answer.content()) {
            if (content instanceof McpSchema.TextContent t && t.text() != null) {
                text.append(text.isEmpty() ? "" : "\n\n").append(t.text());
            }
        }
        return text.toString();
    }

    /** Records as a table: a list of objects, or the one list of objects inside an object. */
    static Optional<ResultTable> table(Object structured) {
        List<?> records = null;
        if (structured instanceof List<?> list) {
            records = list;
        } else if (structured instanceof Map<?, ?> map) {
            List<List<?>> lists = new ArrayList<>();
            for (Object value : map.values()) {
                if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
                    lists.add(list);
                }
            }
            records = lists.size() == 1 ? lists.get(0) : null;
        }
        if (records == null || records.isEmpty() || !records.stream().allMatch(Map.class::isInstance)) {
            return Optional.empty();
        }
        List<?> rows = records.size() > MAX_ROWS ? records.subList(0, MAX_ROWS) : records;
        Set<String> names = new LinkedHashSet<>();
        for (Object row : rows) {
            for (Object key : ((Map<?, ?>) row).keySet()) {
                if (names.size() < MAX_COLUMNS) {
                    names.add(String.valueOf(key));
                }
            }
        }
        List<ResultTable.Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(ResultTable.Column.of(name, type(rows, name)));
        }
        List<List<Object>> cells = new ArrayList<>();
        for (Object row : rows) {
            List<Object> line = new ArrayList<>();
            for (ResultTable.Column column : columns) {
                line.add(cell(((Map<?, ?>) row).get(column.name()), column.type()));
            }
            cells.add(line);
        }
        return Optional.of(ResultTable.of(columns, cells, records.size(), records.size() > MAX_ROWS));
    }

    private static ResultTable.ColumnType type(List<?> rows, String name) {
        boolean allBool = true;
        boolean allLong = true;
        boolean allNumber = true;
        boolean anyNested = false;
        boolean anyValue = false;
        for (Object row : rows) {
            Object value = ((Map<?, ?>) row).get(name);
            if (value == null) {
                continue;
            }
            anyValue = true;
            allBool &= value instanceof Boolean;
            allNumber &= value instanceof Number;
            allLong &= value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof java.math.BigInteger;
            anyNested |= value instanceof Map || value instanceof List;
        }
        if (!anyValue) {
            return ResultTable.ColumnType.STRING;
        }
        if (anyNested) {
            return ResultTable.ColumnType.DYNAMIC;
        }
        return allBool ? ResultTable.ColumnType.BOOL : allLong ? ResultTable.ColumnType.LONG
                : allNumber ? ResultTable.ColumnType.REAL : ResultTable.ColumnType.STRING;
    }

    private static Object cell(Object value, ResultTable.ColumnType type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case BOOL -> value;
            case LONG -> ((Number) value).longValue();
            case REAL -> ((Number) value).doubleValue();
            case DYNAMIC -> json(value);
            default -> value instanceof String s ? s : (value instanceof Map || value instanceof List)
                    ? json(value) : String.valueOf(value);
        };
    }

    static String json(Object value) {
        if (value == null) {
            return "";
        }
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    private static String cap(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + " [... cut at " + max + " characters]";
    }
}
