package io.secai.kql.schema;


import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Microsoft Defender XDR's advanced-hunting schema as documented ({@code advanced-hunting-schema.txt}, written for
 * SecAI from the documentation): the Device*, Email*, Identity*, CloudApp*, Alert*, Behavior* and AAD sign-in tables
 * with a description and their columns, so that a question can be shortlisted and its KQL checked before a tenant
 * was ever asked. The Defender XDR plugin ships it as its default; the shortlist benchmark ranks over it.
 */
public final class AdvancedHuntingSchema {
    private static final String RESOURCE = "/io/secai/kql/schema/advanced-hunting-schema.txt";

    private AdvancedHuntingSchema() {
    }

    /** @return the shipped schema */
    public static WorkspaceSchema load() {
        try (InputStream in = AdvancedHuntingSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar lacks " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param text blocks of {@code == Name}, a description line and a line of {@code Column:type} pairs
     * @return the schema
     */
    public static WorkspaceSchema parse(String text) {
        List<TableInfo> tables = new ArrayList<>();
        String name = null;
        String description = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("== ")) {
                name = line.substring(3).strip();
                description = null;
            } else if (name != null && description == null) {
                description = line;
            } else if (name != null) {
                tables.add(new TableInfo(name, description, columns(line), List.of()));
                name = null;
            }
        }
        return WorkspaceSchema.of(tables);
    }

    /** @param csl {@code Name:type, Name:type} @return the columns */
    public static List<ColumnInfo> columns(String csl) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (String pair : csl.split(",")) {
            String[] parts = pair.strip().split(":", 2);
            if (parts.length == 2 && !parts[0].isBlank()) {
                columns.add(new ColumnInfo(parts[0].strip(), parts[1].strip()));
            }
        }
        return columns;
    }
}
