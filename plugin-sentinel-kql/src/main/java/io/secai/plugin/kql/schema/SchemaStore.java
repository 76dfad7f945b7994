package io.secai.plugin.kql.schema;

import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.schema.SchemaFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A workspace's schema cached on disk ({@code <data-dir>/<workspace-id>/schema.json}), so that a restart neither
 * re-reads the workspace nor re-describes its tables. Each write replaces the file atomically; a build that stops
 * half-way leaves every finished table saved.
 */
public final class SchemaStore {
    private final Path file;
    private final SchemaFiles files;

    /**
     * @param directory the workspace's own folder under the plugin's data directory
     * @param files reads and writes the cache format
     */
    public SchemaStore(Path directory, SchemaFiles files) {
        this.file = directory.resolve("schema.json");
        this.files = files;
    }

    /** @return the cache file */
    public Path file() {
        return file;
    }

    /** @return the cached schema, when there is one */
    public synchronized Optional<WorkspaceSchema> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(files.read(file, Optional.empty()));
    }

    /** @param schema the schema to keep */
    public synchronized void save(WorkspaceSchema schema) {
        files.writeCache(schema, file);
    }

    /**
     * Replaces one table in the cached schema and saves it.
     *
     * @param table the table with new information
     * @return the schema as saved
     */
    public synchronized WorkspaceSchema update(TableInfo table) {
        WorkspaceSchema updated = load().orElse(WorkspaceSchema.of(java.util.List.of())).with(table);
        save(updated);
        return updated;
    }
}
