package io.secai.kql.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.SecAiException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes schema files in the three shapes SecAI meets.
 *
 * <ul>
 *   <li>the output of {@code getschema kind=csl} collected per table: {@code {"Table": "Col:type, Col:type"}};</li>
 *   <li>the NL2KQL schema: {@code [{"Database", "Tables": [{"Table", "Columns": [{"Name", "Type"}]}]}]}, optionally
 *       with its YAML data catalog (table and column descriptions and known values);</li>
 *   <li>the plugin's own cache: {@code {"format": "secai-kql-schema/1", "tables": [{"name", "description",
 *       "keyFields", "columns": [{"name", "type", "description"}]}]}}.</li>
 * </ul>
 * The shape is recognised from the document itself.
 */
public final class SchemaFiles {
    static final String CACHE_FORMAT = "secai-kql-schema/1";

    private final ObjectMapper json;

    /** @param json the mapper to read and write JSON with */
    public SchemaFiles(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Reads a schema in any of the supported shapes, and merges a data catalog into it when one is given.
     *
     * @param schemaFile the schema
     * @param catalogFile an NL2KQL data catalog, or empty
     * @return the schema
     * @throws SecAiException when a file cannot be read, has none of the supported shapes, or holds no tables (an
     *     empty schema would silently switch off every table and column check)
     */
    public WorkspaceSchema read(Path schemaFile, Optional<Path> catalogFile) {
        WorkspaceSchema schema = parse(readTree(schemaFile), schemaFile.toString());
        if (schema.isEmpty()) {
            throw new SecAiException("The schema file " + schemaFile + " holds no tables; a schema must list at least"
                    + " one table with its columns (NL2KQL schema, {\"Table\": \"Col:type, ...\"} map or SecAI cache).");
        }
        if (catalogFile.isPresent()) {
            schema = mergeCatalog(schema, catalogFile.get());
        }
        return schema;
    }

    /**
     * Parses a schema document in any of the supported shapes.
     *
     * @param document the parsed JSON
     * @param source where it came from, for messages
     * @return the schema
     */
    public WorkspaceSchema parse(JsonNode document, String source) {
        if (document.isArray()) {
            return parseNl2Kql(document);
        }
        if (document.isObject() && document.has("tables") && document.get("tables").isArray()) {
            return parseCache(document);
        }
        if (document.isObject()) {
            return parseCsl(document, source);
        }
        throw new SecAiException("The schema in " + source + " is neither a getschema map, an NL2KQL schema nor a"
                + " SecAI schema cache.");
    }

    /**
     * Writes the schema in the cache shape.
     *
     * @param schema the schema
     * @param file where to write; written to a temporary file first and moved, so a reader never sees half a file
     */
    public void writeCache(WorkspaceSchema schema, Path file) {
        ObjectNode root = json.createObjectNode();
        root.put("format", CACHE_FORMAT);
        ArrayNode tables = root.putArray("tables");
        for (TableInfo table : schema.tables().values()) {
            ObjectNode t = tables.addObject();
            t.put("name", table.name());
            t.put("description", table.description());
            ArrayNode keys = t.putArray("keyFields");
            table.keyFields().forEach(keys::add);
            ArrayNode columns = t.putArray("columns");
            for (ColumnInfo column : table.columns()) {
                ObjectNode c = columns.addObject();
                c.put("name", column.name());
                c.put("type", column.type());
                if (!column.description().isEmpty()) {
                    c.put("description", column.description());
                }
            }
        }
        try {
            // Owner-only, as everything SecAI keeps: the folder 0700, and the file 0600 from its first byte
            // (createTempFile's mode on POSIX), renamed into place.
            Path folder = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder) && folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(folder);
            }
            Path temporary = Files.createTempFile(folder, file.getFileName() + "-", ".tmp");
            try {
                json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new SecAiException("Cannot write the schema cache " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a {@code Col:type, Col:type} list as {@code getschema kind=csl} prints it.
     *
     * @param csl the text
     * @return the columns
     */
    public static List<ColumnInfo> parseCslColumns(String csl) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (String part : csl.split(",")) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            columns.add(colon < 0 ? new ColumnInfo(trimmed, "string")
                    : new ColumnInfo(trimmed.substring(0, colon).trim(), trimmed.substring(colon + 1).trim()));
        }
        return columns;
    }

    private JsonNode readTree(Path file) {
        try {
            return json.readTree(file.toFile());
        } catch (IOException e) {
            throw new SecAiException("Cannot read the schema " + file + ": " + e.getMessage(), e);
        }
    }

    private static WorkspaceSchema parseCsl(JsonNode document, String source) {
        List<TableInfo> tables = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = document.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new SecAiException("The schema in " + source + " maps " + field.getKey()
                        + " to something other than a \"Col:type, ...\" text.");
            }
            tables.add(new TableInfo(field.getKey(), "", parseCslColumns(field.getValue().asText()), List.of()));
        }
        return WorkspaceSchema.of(tables);
    }

    private static WorkspaceSchema parseNl2Kql(JsonNode document) {
        List<TableInfo> tables = new ArrayList<>();
        for (JsonNode database : document) {
            for (JsonNode table : database.path("Tables")) {
                List<ColumnInfo> columns = new ArrayList<>();
                for (JsonNode column : table.path("Columns")) {
                    columns.add(new ColumnInfo(column.path("Name").asText(), kustoType(column.path("Type").asText())));
                }
                tables.add(new TableInfo(table.path("Table").asText(), "", columns, List.of()));
            }
        }
        return WorkspaceSchema.of(tables);
    }

    private static WorkspaceSchema parseCache(JsonNode document) {
        List<TableInfo> tables = new ArrayList<>();
        for (JsonNode table : document.path("tables")) {
            List<ColumnInfo> columns = new ArrayList<>();
            for (JsonNode column : table.path("columns")) {
                columns.add(new ColumnInfo(column.path("name").asText(), column.path("type").asText("string"),
                        column.path("description").asText(""), List.of()));
            }
            List<String> keys = new ArrayList<>();
            table.path("keyFields").forEach(k -> keys.add(k.asText()));
            tables.add(new TableInfo(table.path("name").asText(), table.path("description").asText(""), columns,
                    keys));
        }
        return WorkspaceSchema.of(tables);
    }

    /** NL2KQL writes .NET type names ({@code System.DateTime}); KQL prompts read better with Kusto's. */
    private static String kustoType(String dotNetName) {
        String n = dotNetName.startsWith("System.") ? dotNetName.substring(7) : dotNetName;
        return switch (n) {
            case "String" -> "string";
            case "DateTime" -> "datetime";
            case "Int32" -> "int";
            case "Int64" -> "long";
            case "Double" -> "real";
            case "Boolean", "SByte" -> "bool";
            case "Guid" -> "guid";
            case "TimeSpan" -> "timespan";
            case "Object" -> "dynamic";
            default -> n.toLowerCase(java.util.Locale.ROOT);
        };
    }

    @SuppressWarnings("unchecked")
    private static WorkspaceSchema mergeCatalog(WorkspaceSchema schema, Path catalogFile) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10_000);
        options.setCodePointLimit(64 * 1024 * 1024);
        Object document;
        try (Reader reader = Files.newBufferedReader(catalogFile)) {
            document = new Yaml(new SafeConstructor(options)).load(reader);
        } catch (IOException | RuntimeException e) {
            throw new SecAiException("Cannot read the data catalog " + catalogFile + ": " + e.getMessage(), e);
        }
        if (!(document instanceof List<?> entries)) {
            throw new SecAiException("The data catalog " + catalogFile + " is not a list of tables.");
        }
        WorkspaceSchema merged = schema;
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> tableEntry)) {
                continue;
            }
            String name = String.valueOf(tableEntry.get("Name"));
            // A table or column only the catalog knows is added: kql check --catalog must know every column it
            // lists, not only those the schema file happened to name.
            Optional<TableInfo> table = merged.table(name);
            Map<String, Map<String, Object>> catalogColumns = new java.util.LinkedHashMap<>();
            Object columnList = tableEntry.get("Columns");
            if (columnList instanceof List<?> list) {
                for (Object c : list) {
                    if (c instanceof Map<?, ?> column && column.get("Name") != null) {
                        catalogColumns.put(String.valueOf(column.get("Name")), (Map<String, Object>) column);
                    }
                }
            }
            List<ColumnInfo> columns = new ArrayList<>();
            java.util.Set<String> known = new java.util.HashSet<>();
            for (ColumnInfo column : table.map(TableInfo::columns).orElse(List.of())) {
                known.add(column.name());
                Map<String, Object> described = catalogColumns.get(column.name());
                columns.add(described == null ? column : describedColumn(column.name(), column.type(), described));
            }
            catalogColumns.forEach((columnName, described) -> {
                if (!known.contains(columnName)) {
                    columns.add(describedColumn(columnName, catalogType(described.get("Type")), described));
                }
            });
            if (columns.isEmpty()) {
                continue;
            }
            Object description = tableEntry.get("Description");
            merged = merged.with(new TableInfo(name, description == null ? "" : String.valueOf(description),
                    columns, table.map(TableInfo::keyFields).orElse(List.of())));
        }
        return merged;
    }

    private static ColumnInfo describedColumn(String name, String type, Map<String, Object> described) {
        List<String> values = new ArrayList<>();
        if (described.get("Values") instanceof List<?> valueList) {
            for (Object v : valueList) {
                if (v instanceof Map<?, ?> value && value.get("Value") != null) {
                    values.add(String.valueOf(value.get("Value")));
                }
            }
        }
        Object description = described.get("Description");
        return new ColumnInfo(name, type, description == null ? "" : String.valueOf(description), values);
    }

    /** The catalog's .NET-style types ({@code DateTime?}, {@code Int32}) as KQL types. */
    private static String catalogType(Object type) {
        String text = type == null ? "string" : String.valueOf(type).replace("?", "").trim().toLowerCase(
                java.util.Locale.ROOT);
        return switch (text) {
            case "int32", "int16", "byte" -> "int";
            case "int64", "uint32", "uint64" -> "long";
            case "double", "single", "float" -> "real";
            case "boolean" -> "bool";
            case "object", "dictionary", "list" -> "dynamic";
            case "" -> "string";
            default -> text;
        };
    }
}
