package io.secai.plugin.kql;

import com.azure.core.http.HttpClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.PluginContext;
import io.secai.api.TokenProvider;
import io.secai.kql.guard.CrossWorkspace;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.plugin.kql.query.ResponseLimits;
import io.secai.plugin.kql.schema.SchemaStore;
import io.secai.plugin.kql.schema.WorkspaceSchemaReader;
import io.secai.plugin.kql.workspace.Workspaces;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The plugin's workspaces at run time: one {@link WorkspaceState} (schema, shortlist, cache file) per workspace id,
 * and Log Analytics clients on one shared transport.
 */
final class WorkspaceStates {
    private final Map<String, WorkspaceState> workspaces = new ConcurrentHashMap<>();
    private final Supplier<ObjectMapper> json;
    private final Supplier<PluginContext> plugin;
    private final Supplier<KqlSettings> settings;
    private volatile HttpClient httpClient;

    /**
     * @param json reads and writes the schema caches (made on first use)
     * @param plugin the plugin's context, once started
     * @param settings the plugin's settings, once started
     */
    WorkspaceStates(Supplier<ObjectMapper> json, Supplier<PluginContext> plugin, Supplier<KqlSettings> settings) {
        this.json = json;
        this.plugin = plugin;
        this.settings = settings;
    }

    /** @return what the plugin knows of one workspace, created on first use */
    WorkspaceState state(String workspaceId) {
        if (!WorkspaceSchemaReader.isPlainName(workspaceId)) {
            throw new io.secai.api.SecAiException("A workspace id must be the workspace's GUID, not '"
                    + workspaceId + "' (azure.workspace-id, azure.workspaces.<alias>.id).");
        }
        return workspaces.computeIfAbsent(workspaceId, id -> new WorkspaceState(
                new SchemaStore(plugin.get().dataDirectory().resolve(id), new SchemaFiles(json.get()))));
    }

    /** @return a client for one workspace, on the plugin's shared transport */
    LogAnalytics logAnalytics(String workspaceId, TokenProvider tokens) {
        HttpClient transport = httpClient;
        if (transport == null) {
            synchronized (this) {
                if (httpClient == null) {
                    httpClient = LogAnalytics.newHttpClient();
                }
                transport = httpClient;
            }
        }
        return new LogAnalytics(workspaceId, settings.get().endpoint(), tokens, settings.get().serverTimeout(),
                ResponseLimits.from(plugin.get().settings(), settings.get().httpRetries()), transport);
    }

    /** The configured workspaces as the guard sees them, with the schemas read so far. */
    CrossWorkspace crossWorkspace(Workspaces configured, boolean allowCrossWorkspace) {
        return configured.crossWorkspace(allowCrossWorkspace, id -> Optional.ofNullable(workspaces.get(id))
                .flatMap(WorkspaceState::view).map(WorkspaceState.View::schema)
                .orElse(WorkspaceSchema.of(List.of())));
    }

    /**
     * The workspace's tables as a task sees them: those read before, else the cache's, else read now.
     *
     * @param state the workspace
     * @param logs its client, used only when the tables must be read
     * @param progress hears what a read does
     * @return the tables and their shortlist
     */
    WorkspaceState.View view(WorkspaceState state, LogAnalytics logs, Consumer<String> progress) {
        // Without the lock while a view exists: tasks on a known workspace do not queue behind a refresh.
        return state.view().orElseGet(() -> loadSchema(state, logs, progress, false));
    }

    /**
     * Reads (or, on first use, loads from the cache) a workspace's tables and columns; described tables keep their
     * descriptions.
     */
    WorkspaceState.View loadSchema(WorkspaceState state, LogAnalytics logs, Consumer<String> progress,
                                           boolean refresh) {
        synchronized (state) {
            if (!refresh) {
                if (state.view().isPresent()) {
                    return state.view().get();
                }
                Optional<WorkspaceSchema> cached = state.store().load();
                if (cached.isPresent() && !cached.get().isEmpty()) {
                    state.replace(cached.get());
                    return state.view().orElseThrow();
                }
            }
            progress.accept("Reading the workspace's tables and columns (cached in " + state.store().file() + ")");
            WorkspaceSchema read = new WorkspaceSchemaReader(logs, settings.get().schemaConcurrency()).read(progress);
            WorkspaceSchema merged = read;
            Optional<WorkspaceSchema> previous = state.store().load();
            if (previous.isPresent()) {
                for (var table : read.tables().values()) {
                    var known = previous.get().table(table.name());
                    if (known.isPresent() && !known.get().description().isEmpty()
                            && known.get().columns().equals(table.columns())) {
                        merged = merged.with(known.get());
                    }
                }
            }
            state.store().save(merged);
            state.replace(merged);
            return state.view().orElseThrow();
        }
    }
}
