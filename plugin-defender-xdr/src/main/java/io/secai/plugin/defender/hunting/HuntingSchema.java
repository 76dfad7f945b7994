package io.secai.plugin.defender.hunting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.ServiceException;
import io.secai.kql.schema.AdvancedHuntingSchema;
import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.defender.graph.GraphRejectedException;
import io.secai.plugin.defender.graph.SecurityApi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The advanced-hunting schema the plugin works with: the shipped default (kql-library's {@link AdvancedHuntingSchema}), with each table's
 * columns replaced by what the tenant reported ({@code T | getschema} through {@code runHuntingQuery}) once read, and
 * tables the tenant lacks (no licence for that product) left out. Reads happen for the tables a question shortlists,
 * at most once per {@code schema-max-age} each, and are cached in the plugin's data folder
 * ({@code advanced-hunting-columns.json}), so a restart does not read them again.
 */
public final class HuntingSchema {
    private static final String FORMAT = "secai-defender-hunting-columns/1";

    private final WorkspaceSchema defaults;
    private final Path cacheFile;
    private final Duration maxAge;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    /** Per table: when read, and the columns (empty list: the tenant has no such table). */
    private final Map<String, Read> reads = new LinkedHashMap<>();
    private boolean loaded;

    private record Read(Instant at, List<ColumnInfo> columns, boolean absent) {
    }

    /**
     * @param defaults the shipped schema
     * @param cacheFile where reads are kept
     * @param maxAge how long a read stays fresh
     * @param clock now
     */
    public HuntingSchema(WorkspaceSchema defaults, Path cacheFile, Duration maxAge, Clock clock) {
        this.defaults = defaults;
        this.cacheFile = cacheFile;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** @return how many tables the shipped schema has */
    public int shippedTables() {
        return defaults.tables().size();
    }

    /** @return the shipped tables with the tenant's columns where read, minus the tables the tenant lacks */
    public synchronized WorkspaceSchema current() {
        loadOnce();
        List<TableInfo> tables = new ArrayList<>();
        for (TableInfo table : defaults.tables().values()) {
            Read read = reads.get(table.name());
            if (read == null) {
                tables.add(table);
            } else if (!read.absent()) {
                tables.add(new TableInfo(table.name(), table.description(), read.columns(), table.keyFields()));
            }
        }
        return WorkspaceSchema.of(tables);
    }

    /**
     * Reads the columns of the given tables from the tenant when not read within {@code schema-max-age}. A table the
     * service does not know is marked absent; any other failure keeps the shipped columns and ends the refresh
     * (the query still runs, checked against the documented columns).
     *
     * @param tables table names, best first
     * @param api the tenant
     * @param progress one line per read
     * @return how many tables were read
     */
    public synchronized int refresh(List<String> tables, SecurityApi api, Consumer<String> progress) {
        loadOnce();
        List<String> stale = tables.stream().filter(defaults.tables()::containsKey).filter(this::stale).toList();
        if (stale.isEmpty()) {
            return 0;
        }
        progress.accept("Reading the columns of " + String.join(", ", stale) + " from the tenant (cached for "
                + maxAge.toDays() + " days)");
        int read = 0;
        for (String table : stale) {
            try {
                JsonNode answer = api.runHuntingQuery(table + " | getschema", Optional.empty());
                List<ColumnInfo> columns = new ArrayList<>();
                for (JsonNode row : answer.path("results")) {
                    String name = row.path("ColumnName").asText("");
                    String type = row.path("ColumnType").asText("");
                    if (type.isEmpty()) {
                        type = HuntingRows.kustoName(HuntingRows.type(row.path("DataType").asText("")));
                    }
                    if (!name.isEmpty()) {
                        columns.add(new ColumnInfo(name, type));
                    }
                }
                if (!columns.isEmpty()) {
                    reads.put(table, new Read(clock.instant(), columns, false));
                    read++;
                }
            } catch (GraphRejectedException unknown) {
                // The tenant has no such table (its product is not licensed): leave it out of the shortlist.
                reads.put(table, new Read(clock.instant(), List.of(), true));
                progress.accept("The tenant has no table " + table + "; it is left out");
                read++;
            } catch (ServiceException other) {
                progress.accept("Could not read the tenant's columns (" + other.getMessage() + "); using the"
                        + " documented ones");
                break;
            }
        }
        save();
        return read;
    }

    private boolean stale(String table) {
        Read read = reads.get(table);
        return read == null || read.at().plus(maxAge).isBefore(clock.instant());
    }

    private void loadOnce() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (!Files.isRegularFile(cacheFile)) {
            return;
        }
        try {
            JsonNode document = json.readTree(cacheFile.toFile());
            if (!FORMAT.equals(document.path("format").asText())) {
                return;
            }
            document.path("tables").fields().forEachRemaining(entry -> {
                JsonNode node = entry.getValue();
                try {
                    reads.put(entry.getKey(), new Read(Instant.parse(node.path("readAt").asText()),
                            AdvancedHuntingSchema.columns(node.path("columns").asText("")), node.path("absent").asBoolean()));
                } catch (DateTimeParseException bad) {
                    // an unreadable entry is read again
                }
            });
        } catch (IOException | RuntimeException unreadable) {
            reads.clear(); // a damaged cache is rebuilt from the tenant
        }
    }

    private void save() {
        ObjectNode document = json.createObjectNode().put("format", FORMAT);
        ObjectNode tables = document.putObject("tables");
        reads.forEach((name, read) -> tables.putObject(name).put("readAt", read.at().toString())
                .put("absent", read.absent())
                .put("columns", new TableInfo(name, "", read.columns(), List.of()).columnsAsCsl()));
        try {
            Files.createDirectories(cacheFile.getParent());
            Path temporary = cacheFile.resolveSibling(cacheFile.getFileName() + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), document);
            Files.move(temporary, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The cache only saves calls: without it the columns are read again next time.
        }
    }
}
