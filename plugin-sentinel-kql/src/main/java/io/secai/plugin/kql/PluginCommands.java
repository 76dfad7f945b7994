package io.secai.plugin.kql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution;
import io.secai.api.PluginContext;
import io.secai.api.ResultTable;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.kql.examples.ExampleLibrary;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.skill.ApiKeys;
import io.secai.kql.skill.SkillFiles;
import io.secai.plugin.kql.cli.EvalCommand;
import io.secai.plugin.kql.cli.ExamplesCommand;
import io.secai.plugin.kql.cli.KqlCommand;
import io.secai.plugin.kql.cli.WorkspaceCommands;
import io.secai.plugin.kql.eval.KqlPipeline;
import io.secai.plugin.kql.workspace.ConfiguredWorkspace;
import io.secai.plugin.kql.workspace.Workspaces;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The plugin's commands ({@code secai kql}, {@code secai eval}, {@code secai skills}) and the adapters through which
 * they reach the plugin's workspaces, schema caches and KQL task: {@link WorkspaceCommands.Access} for
 * {@code kql tables|run|workspaces} (and so SecAI's MCP server), a {@link KqlPipeline} for {@code eval kql}, a
 * {@link KqlCommand.SchemaRefresher} for {@code kql schema refresh}.
 *
 * <p>It exists apart from {@link SentinelKqlPlugin}, which answers the engine (capabilities, tasks, checks): this is
 * the command line's view of the same state. Each command is built when it runs, never when the plugin starts, and
 * the JSON mapper is asked for only then, so a SecAI start that runs no command loads none of it.
 */
final class PluginCommands {
    /**
     * What the plugin read at start, as the commands see it when they run.
     *
     * @param context the plugin's context
     * @param settings the plugin's settings
     * @param workspaces the configured workspaces
     * @param allowCrossWorkspace whether a query may read other configured workspaces
     * @param library the example library
     * @param skills the skill files read
     */
    record Started(PluginContext context, KqlSettings settings, Workspaces workspaces, boolean allowCrossWorkspace,
                   ExampleLibrary library, SkillFiles.Loaded skills) {
    }

    private final Supplier<ObjectMapper> json;
    private final Supplier<Started> started;
    private final WorkspaceStates states;
    private final ExtendedSchemaBuilds schemaBuilds;
    private final BiFunction<Task, TaskContext, TaskResult> tasks;

    /**
     * @param json the plugin's mapper, made on first use
     * @param started what the plugin read at start, asked for each time a command needs it
     * @param states the plugin's workspaces at run time
     * @param schemaBuilds the extended schema builds, for {@code kql schema build}
     * @param tasks runs one of the plugin's tasks (KQL, skills), as the planner would
     */
    PluginCommands(Supplier<ObjectMapper> json, Supplier<Started> started, WorkspaceStates states,
                   ExtendedSchemaBuilds schemaBuilds, BiFunction<Task, TaskContext, TaskResult> tasks) {
        this.json = json;
        this.started = started;
        this.states = states;
        this.schemaBuilds = schemaBuilds;
        this.tasks = tasks;
    }

    /** @return {@code kql}, {@code eval} and {@code skills} */
    List<CommandContribution> all() {
        return List.of(CommandContribution.of("kql",
                "Sentinel KQL tools: rank tables for questions, check queries, refresh the workspace schema",
                (args, io) -> new KqlCommand(json.get(), new KqlCommand.SchemaRefresher() {
                    @Override
                    public WorkspaceSchema refresh(boolean refresh) {
                        return schema(Optional.empty(), true, io.err()::println);
                    }

                    @Override
                    public WorkspaceSchema refresh(Optional<String> workspace) {
                        return schema(workspace, true, io.err()::println);
                    }
                },
                        new ExamplesCommand(started.get().library(), () -> schema(false, io.err()::println),
                                json.get()))
                        .withWorkspace(new WorkspaceCommands(json.get(), new CommandWorkspaces()))
                        .withSchemaBuild(progress -> schemaBuilds.buildNow(
                                started.get().workspaces().resolve(Optional.empty()).id(), progress)).run(args, io)),
                CommandContribution.of("eval",
                        "Evaluate SecAI's KQL on your own questions, model and workspace: eval kql FILE.jsonl",
                        (args, io) -> new EvalCommand(json.get(), pipeline(io.err()::println)).run(args, io)),
                CommandContribution.of("skills",
                        "KQL, GPT and API skills (files in plugins-dir and skills.dirs): skills list | skills check FILE"
                                + " | skills describe | skills run NAME [INPUT=VALUE]... (JSON, as SecAI's MCP tools)",
                        (args, io) -> new SkillsCommand(() -> started.get().skills(), Optional.of(new SkillCalls(
                                () -> started.get().skills(), tasks, () -> started.get().context(), json.get())),
                                ApiKeys.of(io.plugin().settings())).run(args, io.out(), io.err())));
    }

    /**
     * Re-reads (or, on first use, reads) the default workspace's tables and columns and caches them; described
     * tables keep their descriptions.
     *
     * @param refresh whether to ignore the cache
     * @param progress receives one line per step
     * @return the schema
     */
    private WorkspaceSchema schema(boolean refresh, Consumer<String> progress) {
        return schema(Optional.empty(), refresh, progress);
    }

    /** @param workspace the workspace's alias, name or id; empty for the default */
    private WorkspaceSchema schema(Optional<String> workspace, boolean refresh, Consumer<String> progress) {
        String workspaceId = started.get().workspaces().resolve(workspace).id();
        TokenProvider tokens = AzureSignIn.tokens(started.get().context().client(TokenProvider.class));
        WorkspaceState state = states.state(workspaceId);
        return states.loadSchema(state, states.logAnalytics(workspaceId, tokens), progress, refresh).schema();
    }

    /** The configured workspaces, for {@code kql tables} and {@code kql run} (and so for SecAI's MCP server). */
    private final class CommandWorkspaces implements WorkspaceCommands.Access {
        @Override
        public String workspaceId(Optional<String> name) {
            return started.get().workspaces().resolve(name).id();
        }

        @Override
        public List<ConfiguredWorkspace> workspaces() {
            return started.get().workspaces().all();
        }

        @Override
        public List<String> workspaceProblems() {
            return started.get().workspaces().problems();
        }

        @Override
        public WorkspaceCommands.View view(String workspaceId, Consumer<String> progress) {
            WorkspaceState state = states.state(workspaceId);
            WorkspaceState.View view = states.view(state, states.logAnalytics(workspaceId, tokens()), progress);
            return new WorkspaceCommands.View(view.schema(), view.shortlist());
        }

        @Override
        public GuardOptions guardOptions() {
            Started plugin = started.get();
            return plugin.settings().guardOptions(false)
                    .withCrossWorkspace(states.crossWorkspace(plugin.workspaces(), plugin.allowCrossWorkspace()));
        }

        @Override
        public java.time.Duration defaultTimespan() {
            return started.get().settings().defaultTimespan();
        }

        @Override
        public int shortlistSize() {
            return started.get().settings().shortlistSize();
        }

        @Override
        public io.secai.plugin.kql.query.QueryOutcome query(String workspaceId, String guardedKql,
                                                            java.time.Duration timespan) {
            return states.logAnalytics(workspaceId, tokens()).query(guardedKql, Optional.of(timespan));
        }

        private TokenProvider tokens() {
            return AzureSignIn.tokens(started.get().context().client(TokenProvider.class));
        }
    }

    /** The plugin's own KQL task and workspace, for {@code eval kql}. */
    private KqlPipeline pipeline(Consumer<String> progress) {
        return new KqlPipeline() {
            @Override
            public TaskResult ask(String question, TaskContext context) {
                return tasks.apply(Task.of(SentinelKqlPlugin.NAME, SentinelKqlPlugin.RUN, question), context);
            }

            @Override
            public WorkspaceSchema schema() {
                return PluginCommands.this.schema(false, progress);
            }

            @Override
            public ResultTable runGold(String kql) {
                WorkspaceSchema schema = schema();
                KqlSettings settings = started.get().settings();
                GuardReport report = new KqlGuard(schema, new GuardOptions(settings.rowCap(),
                        settings.allowCrossResource(), false)).check(kql);
                if (!report.passed()) {
                    throw new io.secai.api.SecAiException("the guard refused it: " + String.join("; ",
                            report.flags()));
                }
                String workspaceId = started.get().workspaces().resolve(Optional.empty()).id();
                TokenProvider tokens = AzureSignIn.tokens(started.get().context().client(TokenProvider.class));
                return states.logAnalytics(workspaceId, tokens).query(report.guardedQuery(),
                        Optional.of(settings.defaultTimespan())).table();
            }
        };
    }
}
