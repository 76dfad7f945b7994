package io.secai.plugin.kql;

import io.secai.plugin.kql.schema.SchemaStore;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the plugin knows about one workspace: its schema (replaced as the extended-schema build describes tables)
 * with the shortlist built over it, and whether the build has started.
 */
final class WorkspaceState {
    /** A schema and the shortlist over it, swapped together. */
    record View(WorkspaceSchema schema, TableShortlist shortlist) {
    }

    private final SchemaStore store;
    private final AtomicReference<View> view = new AtomicReference<>();
    private final AtomicBoolean extendedBuildStarted = new AtomicBoolean();
    private final AtomicReference<String> extendedBuildProgress = new AtomicReference<>();

    WorkspaceState(SchemaStore store) {
        this.store = store;
    }

    SchemaStore store() {
        return store;
    }

    Optional<View> view() {
        return Optional.ofNullable(view.get());
    }

    void replace(WorkspaceSchema schema) {
        view.set(new View(schema, TableShortlist.of(schema)));
    }

    void update(TableInfo table) {
        view.updateAndGet(current -> {
            WorkspaceSchema schema = current == null ? WorkspaceSchema.of(java.util.List.of(table))
                    : current.schema().with(table);
            return new View(schema, TableShortlist.of(schema));
        });
    }

    /** @return true the first time only */
    boolean claimExtendedBuild() {
        return extendedBuildStarted.compareAndSet(false, true);
    }

    /** @param line the background build's latest step, or null once it has ended */
    void extendedBuildProgress(String line) {
        extendedBuildProgress.set(line);
    }

    /** @return the background build's latest step while it runs, so tasks can show it to the user */
    Optional<String> extendedBuildProgress() {
        return Optional.ofNullable(extendedBuildProgress.get());
    }
}
