package io.secai.plugin.kql;

import io.secai.api.LlmClient;
import io.secai.api.PluginContext;
import io.secai.api.SecAiException;
import io.secai.api.ServiceException;
import io.secai.api.Settings;
import io.secai.api.TaskContext;
import io.secai.api.TokenProvider;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.kql.cli.KqlCommand;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.plugin.kql.schema.ExtendedSchemaBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * When the model describes a workspace's tables ({@code plugins.sentinel-kql.load-schema}): on demand, the tables a
 * question's shortlist picks, inside that task; in the background, every table once per start; or all of them now,
 * for {@code secai kql schema build}.
 */
final class ExtendedSchemaBuilds {
    static final String SCHEMA_BUILD_KEY = "plugins.sentinel-kql.schema-build";
    private static final Logger LOG = LoggerFactory.getLogger(ExtendedSchemaBuilds.class);

    private final WorkspaceStates states;
    private final Supplier<PluginContext> plugin;
    private final Supplier<KqlSettings> settings;
    private final List<Thread> backgroundThreads = new CopyOnWriteArrayList<>();
    private volatile boolean onDemand = true;

    /**
     * @param states the plugin's workspaces
     * @param plugin the plugin's context, once started
     * @param settings the plugin's settings, once started
     */
    ExtendedSchemaBuilds(WorkspaceStates states, Supplier<PluginContext> plugin, Supplier<KqlSettings> settings) {
        this.states = states;
        this.plugin = plugin;
        this.settings = settings;
    }

    /**
     * Reads {@link #SCHEMA_BUILD_KEY}: {@code on-demand} (the default) or {@code background}.
     *
     * @param settings the plugin's settings
     * @throws SecAiException naming the setting when it holds anything else
     */
    void configure(Settings settings) {
        String mode = settings.string(SCHEMA_BUILD_KEY).orElse("on-demand").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("on-demand") && !mode.equals("background")) {
            throw new SecAiException(SCHEMA_BUILD_KEY + " must be \"on-demand\" or \"background\", not \"" + mode
                    + "\".");
        }
        this.onDemand = mode.equals("on-demand");
    }

    /**
     * What a task does about descriptions: on demand, describe the shortlisted tables that have none (with the
     * task's own model client, so the calls count in the prompt's usage); else start the background build once.
     *
     * @return how the task's shortlist is completed before the KQL call
     */
    UnaryOperator<List<TableInfo>> forTask(String workspaceId, WorkspaceState state, LogAnalytics logs, LlmClient llm,
                                           TaskContext context) {
        if (!settings.get().loadSchema()) {
            return UnaryOperator.identity();
        }
        if (onDemand) {
            ExtendedSchemaBuilder builder = new ExtendedSchemaBuilder(logs, llm, state.store(),
                    settings.get().schemaConcurrency());
            return tables -> builder.describeMissing(tables, state::update, context::progress);
        }
        startInBackground(workspaceId, state);
        return UnaryOperator.identity();
    }

    /**
     * The whole extended schema now, in the foreground ({@code secai kql schema build}): every table of the
     * workspace without a description yet.
     *
     * @param workspaceId the workspace
     * @param progress receives one line per table
     * @return the tables described and how many failed
     */
    KqlCommand.SchemaBuild.Outcome buildNow(String workspaceId, Consumer<String> progress) {
        TokenProvider tokens = AzureSignIn.tokens(plugin.get().client(TokenProvider.class));
        LlmClient llm = plugin.get().client(LlmClient.class).orElseThrow(() -> new ServiceException("Azure OpenAI",
                ServiceException.Kind.UNAVAILABLE, "no language model is configured (set openai.endpoint)"));
        WorkspaceState state = states.state(workspaceId);
        LogAnalytics logs = states.logAnalytics(workspaceId, tokens);
        WorkspaceSchema schema = states.loadSchema(state, logs, progress, false).schema();
        long missing = schema.tables().values().stream().filter(t -> t.description().isEmpty()).count();
        int failed = new ExtendedSchemaBuilder(logs, llm, state.store(), settings.get().schemaConcurrency())
                .build(schema, state::update, progress);
        return new KqlCommand.SchemaBuild.Outcome(schema.tables().size(), (int) missing - failed, failed);
    }

    private void startInBackground(String workspaceId, WorkspaceState state) {
        if (!state.claimExtendedBuild()) {
            return;
        }
        Optional<LlmClient> llm = plugin.get().client(LlmClient.class);
        Optional<TokenProvider> tokens = plugin.get().client(TokenProvider.class);
        if (llm.isEmpty() || tokens.isEmpty()) {
            LOG.info("Extended schema not built: no model or Azure identity outside a task");
            return;
        }
        LogAnalytics logs = states.logAnalytics(workspaceId, tokens.get());
        Thread thread = new Thread(() -> {
            WorkspaceSchema schema = state.view().map(WorkspaceState.View::schema).orElseThrow();
            int failed;
            state.extendedBuildProgress("Extended schema: describing the workspace's tables with the model");
            try {
                failed = new ExtendedSchemaBuilder(logs, llm.get(), state.store(), settings.get().schemaConcurrency())
                        .build(schema, state::update, line -> {
                            state.extendedBuildProgress(line);
                            LOG.info(line);
                        });
            } finally {
                state.extendedBuildProgress(null);
            }
            LOG.info("Extended schema for workspace {} done; {} tables failed and will be retried next start",
                    workspaceId, failed);
        }, "sentinel-kql-extended-schema-build");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.warn("Extended schema build stopped: {}", e.getMessage()));
        backgroundThreads.add(thread);
        thread.start();
    }

    /** Stops the background builds (the descriptions made so far are saved). */
    void close() {
        backgroundThreads.forEach(Thread::interrupt);
    }
}
