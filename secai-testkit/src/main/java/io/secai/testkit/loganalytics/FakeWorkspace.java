package io.secai.testkit.loganalytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tables of a fake workspace, their columns and their rows, from which {@link FakeLogAnalytics} answers schema
 * queries and simple data queries.
 *
 * <p>Build one in code, or read a JSON fixture of this shape (the {@code schema} part is the output of
 * {@code getschema kind=csl} per table, as SecAI's sample workspace file has it):
 * <pre>{@code
 * {
 *   "schema": { "SecurityIncident": "TimeGenerated:datetime, IncidentNumber:int, Title:string, ..." },
 *   "rows":   { "SecurityIncident": [ ["2024-05-01T10:00:00Z", 4113, "Suspicious sign-in", ...] ] }
 * }
 * }</pre>
 *
 * @param tables the tables by name, in order
 */
public record FakeWorkspace(Map<String, Table> tables) {

    /**
     * One table.
     *
     * @param name the table name
     * @param columns its columns, in order
     * @param rows its rows, each a list of JSON-compatible values (String, Number, Boolean, null)
     */
    public record Table(String name, List<Column> columns, List<List<Object>> rows) {
        public Table {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
        }
    }

    /**
     * A column.
     *
     * @param name the column name
     * @param type the Kusto type name ({@code string}, {@code datetime}, {@code int}, ...)
     */
    public record Column(String name, String type) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public FakeWorkspace {
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** @return a workspace without tables */
    public static FakeWorkspace empty() {
        return new FakeWorkspace(Map.of());
    }

    /**
     * @param name a table name, exact case
     * @return the table, when the workspace has it
     */
    public Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /**
     * A copy with one more table, its columns given as {@code getschema kind=csl} prints them.
     *
     * @param name the table name
     * @param csl {@code "Col:type, Col:type, ..."}
     * @param rows the rows, one value per column
     * @return the new workspace
     */
    public FakeWorkspace withTable(String name, String csl, List<List<Object>> rows) {
        Map<String, Table> copy = new LinkedHashMap<>(tables);
        copy.put(name, new Table(name, parseCsl(csl), rows));
        return new FakeWorkspace(copy);
    }

    /**
     * Reads a fixture (see the class comment) from the class path.
     *
     * @param resource an absolute class-path resource name, such as {@code /fake-workspace.json}
     * @param anchor a class whose loader sees the resource
     * @return the workspace
     */
    public static FakeWorkspace fromResource(String resource, Class<?> anchor) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class-path resource " + resource);
            }
            return fromJson(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * @param fixture a parsed fixture (see the class comment)
     * @return the workspace
     */
    public static FakeWorkspace fromJson(JsonNode fixture) {
        Map<String, Table> tables = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> schema = fixture.path("schema").fields();
        ObjectMapper mapper = new ObjectMapper();
        while (schema.hasNext()) {
            Map.Entry<String, JsonNode> entry = schema.next();
            List<List<Object>> rows = new ArrayList<>();
            for (JsonNode row : fixture.path("rows").path(entry.getKey())) {
                List<Object> values = new ArrayList<>();
                for (JsonNode cell : row) {
                    values.add(mapper.convertValue(cell, Object.class));
                }
                rows.add(values);
            }
            List<Column> columns = parseCsl(entry.getValue().asText());
            for (List<Object> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("a row of " + entry.getKey() + " has " + row.size()
                            + " values for " + columns.size() + " columns");
                }
            }
            tables.put(entry.getKey(), new Table(entry.getKey(), columns, rows));
        }
        return new FakeWorkspace(tables);
    }

    private static List<Column> parseCsl(String csl) {
        List<Column> columns = new ArrayList<>();
        for (String part : csl.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            columns.add(colon < 0 ? new Column(trimmed, "string")
                    : new Column(trimmed.substring(0, colon).trim(), trimmed.substring(colon + 1).trim()));
        }
        return columns;
    }
}
