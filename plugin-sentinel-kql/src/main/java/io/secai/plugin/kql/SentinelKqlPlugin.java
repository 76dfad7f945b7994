package io.secai.plugin.kql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.CommandContribution;
import io.secai.api.LlmClient;
import io.secai.api.PluginContext;
import io.secai.api.ServiceException;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.kql.examples.ConfiguredLibrary;
import io.secai.plugin.kql.query.LogAnalytics;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.kql.workspace.ConfiguredWorkspace;
import io.secai.plugin.kql.workspace.Workspaces;
import io.secai.kql.guard.CrossWorkspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import io.secai.kql.skill.KqlSkill;
import io.secai.kql.skill.SkillFiles;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The Sentinel KQL plugin: turns a question into read-only KQL over the workspace's own tables, checks it, runs it
 * on Log Analytics and returns the rows exactly as they came back.
 *
 * <p>Settings: {@code azure.workspace-id} (AZURE_WORKSPACE_ID) and {@code plugins.sentinel-kql.*} (see its
 * {@code reference.conf}). Commands: {@code secai kql shortlist|check|schema refresh}, {@code eval}, {@code skills}
 * ({@link PluginCommands}).
 */
public final class SentinelKqlPlugin implements io.secai.api.Plugin {
    static final String NAME = "sentinel-kql";
    static final String RUN = "run-kql";
    static final String GENERATE = "generate-kql";
    /** The planner's input that names the workspace a prompt asks about. */
    static final String WORKSPACE_INPUT = "workspace";
    private static final int MAX_ALIASES_SHOWN = 30;
    private static final Logger LOG = LoggerFactory.getLogger(SentinelKqlPlugin.class);

    // Made on first use (a query's schema cache, a command), not with the plugin: every SecAI start creates every
    // plugin, and this mapper was what loaded the plugin's Jackson then.
    private ObjectMapper json;
    private final WorkspaceStates states = new WorkspaceStates(this::json, () -> this.plugin, () -> this.settings);
    private final ExtendedSchemaBuilds schemaBuilds = new ExtendedSchemaBuilds(states, () -> this.plugin,
            () -> this.settings);
    private volatile PluginContext plugin;
    private volatile KqlSettings settings;
    /** {@code plugins.sentinel-kql.schema-build}: describe tables when first picked, or all in the background. */
    private volatile ConfiguredLibrary library = ConfiguredLibrary.none();
    private volatile SkillFiles.Loaded skills = new SkillFiles.Loaded(List.of(), List.of(), List.of());
    private volatile Workspaces configured;
    private volatile boolean allowCrossWorkspace;

    /** Creates the plugin; the engine calls {@link #start} before any task. */
    public SentinelKqlPlugin() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "Queries Microsoft Sentinel (Log Analytics): writes read-only KQL over the workspace's tables"
                + " (incidents, alerts, sign-ins, audit, device and network logs), runs it and returns the rows;"
                + " or writes KQL for an analytic rule or hunting query without running it. It can reuse values"
                + " from earlier results of the session.";
    }

    @Override
    public String helpText() {
        return """
                **Sentinel KQL** asks the model for KQL over the tables that best match your question, checks it \
                (read-only, known tables and columns, a row cap) and runs it on your Log Analytics workspace.

                Ask for example: *show me the new incidents of the last 30 days*, *get the sign-ins of the users \
                in those alerts*, *write a hunting query for AD object deletion*.

                Needs `azure.workspace-id` (AZURE_WORKSPACE_ID) and a signed-in Azure identity. \
                `secai kql schema refresh` re-reads the workspace's tables; \
                `plugins.sentinel-kql.load-schema` (SENTINELKQL_LOADSCHEMA) switches the extended schema off; \
                it is built table by table, when a question first picks a table (`schema-build = "on-demand"`), \
                or all at once in the background (`"background"`); `secai kql schema build` builds it all now.""";
    }

    @Override
    public List<Capability> capabilities() {
        List<Capability> capabilities = new java.util.ArrayList<>(List.of(
                Capability.of(RUN, "Write a KQL query for a question about Sentinel data (incidents, alerts,"
                        + " sign-ins, logs), run it on the workspace and return the rows."),
                Capability.of(GENERATE, "Write KQL without running it, for a Sentinel analytic rule or a hunting"
                        + " query the user will deploy or run elsewhere.")));
        Optional<Capability.Parameter> workspace = workspaceParameter();
        if (workspace.isPresent()) {
            capabilities.replaceAll(capability -> Capability.of(capability.name(), capability.description(),
                    List.of(workspace.get())));
        }
        skills.skills().forEach(skill -> capabilities.add(SkillRunner.capability(skill)));
        return capabilities;
    }

    /** With several workspaces, the planner passes the one a prompt names ("in the emea workspace"). */
    private Optional<Capability.Parameter> workspaceParameter() {
        Workspaces known = configured;
        if (known == null || known.all().size() < 2) {
            return Optional.empty();
        }
        // Bounded: an MSSP's hundreds of customers would otherwise fill every planner prompt twice.
        List<String> all = known.all().stream().map(ConfiguredWorkspace::alias).toList();
        String aliases = all.size() <= MAX_ALIASES_SHOWN ? String.join(", ", all)
                : String.join(", ", all.subList(0, MAX_ALIASES_SHOWN)) + " or another of the "
                + all.size() + " configured aliases that the request names";
        return Optional.of(Capability.Parameter.of(WORKSPACE_INPUT, "the Log Analytics workspace to query, only"
                + " when the request names one: one of " + aliases + " (leave it out for the default, "
                + known.defaultWorkspace().map(ConfiguredWorkspace::alias).orElse("none") + ")", false));
    }

    /** @return the KQL skills read at start, the files that did not load and the skills of other formats */
    SkillFiles.Loaded skills() {
        return skills;
    }

    @Override
    public void start(PluginContext context) {
        this.plugin = context;
        this.settings = KqlSettings.from(context.settings());
        schemaBuilds.configure(context.settings());
        this.library = new ConfiguredLibrary("plugins.sentinel-kql.library",
                context.settings().list("plugins.sentinel-kql.library"),
                context.settings().integer("plugins.sentinel-kql.examples", 3),
                note -> LOG.warn("Example library: {}", note));
        this.skills = loadSkills(context.settings());
        this.configured = new Workspaces(context.settings());
        this.allowCrossWorkspace = context.settings().bool(CrossWorkspace.ALLOW_SETTING, false);
        configured.deprecations().forEach(line -> LOG.warn("Deprecated setting: {}", line));
        configured.problems().forEach(line -> LOG.warn("Workspace setting skipped: {}", line));
    }

    /** Skill files live in plugins-dir itself and in the folders of skills.dirs; a bad one never stops a start. */
    private static SkillFiles.Loaded loadSkills(io.secai.api.Settings settings) {
        List<Path> folders = new java.util.ArrayList<>();
        settings.string("secai.plugins-dir").map(Path::of).filter(java.nio.file.Files::isDirectory)
                .ifPresent(folders::add);
        settings.list("skills.dirs").stream().filter(dir -> !dir.isBlank()).map(Path::of).forEach(folders::add);
        SkillFiles.Loaded loaded = new SkillFiles().load(folders);
        java.util.List<KqlSkill> usable = new java.util.ArrayList<>();
        java.util.List<String> problems = new java.util.ArrayList<>(loaded.problems());
        for (KqlSkill skill : loaded.skills()) {
            if (skill.name().equals(RUN) || skill.name().equals(GENERATE)) {
                problems.add(skill.source() + ": the skill name " + skill.name() + " is the plugin's own");
            } else {
                usable.add(skill);
            }
        }
        problems.forEach(problem -> LOG.warn("Skill not loaded: {}", problem));
        loaded.unsupported().forEach(note -> LOG.info("Skill not supported: {}", note));
        // GPT and API skills are the gpt and fetchurl plugins' to run; kept here so that `secai skills list` shows them.
        return new SkillFiles.Loaded(usable, problems, loaded.unsupported(), loaded.gptSkills(), loaded.apiSkills());
    }

    @Override
    public TaskResult run(Task task, TaskContext context) {
        Optional<KqlSkill> skill = skills.skills().stream()
                .filter(candidate -> candidate.name().equals(task.capability())).findFirst();
        if (skill.isPresent()) {
            return runSkill(skill.get(), task, context);
        }
        boolean generateOnly = task.capability().equals(GENERATE);
        if (!generateOnly && !task.capability().equals(RUN)) {
            return TaskResult.failed("The sentinel-kql plugin has no capability '" + task.capability()
                    + "'; it offers " + RUN + " and " + GENERATE + ".");
        }
        if (task.instruction().isBlank()) {
            return TaskResult.failed("The KQL task has no instruction: say what to look for.");
        }
        LlmClient llm = context.client(LlmClient.class).orElseThrow(() -> new ServiceException("Azure OpenAI",
                ServiceException.Kind.UNAVAILABLE, "no language model is configured (set openai.endpoint)"));
        Optional<String> named = Optional.ofNullable(task.inputs().get(WORKSPACE_INPUT))
                .filter(value -> !value.isBlank());
        Optional<ConfiguredWorkspace> workspace;
        try {
            workspace = generateOnly && named.isEmpty() ? configured.defaultWorkspace()
                    : Optional.of(configured.resolve(named));
        } catch (io.secai.api.SecAiException unknown) {
            return TaskResult.failed(unknown.getMessage());
        }
        if (workspace.isEmpty()) {
            return new KqlTaskRunner(WorkspaceSchema.of(List.of()),
                    io.secai.kql.shortlist.TableShortlist.of(WorkspaceSchema.of(List.of())), settings)
                    .run(task.instruction(), context, llm, Optional.empty());
        }
        String workspaceId = workspace.get().id();
        TokenProvider tokens = AzureSignIn.tokens(context.client(TokenProvider.class));
        LogAnalytics logs = states.logAnalytics(workspaceId, tokens);
        WorkspaceState state = states.state(workspaceId);
        if (configured.all().size() > 1) {
            context.progress("Workspace: " + workspace.get().label());
        }
        WorkspaceState.View view = states.view(state, logs, context::progress);
        UnaryOperator<List<TableInfo>> describe = schemaBuilds.forTask(workspaceId, state, logs, llm, context);
        state.extendedBuildProgress().ifPresent(line -> context.progress(line + " (in the background; tables"
                + " without a description yet are ranked by their names and columns)"));
        TaskResult result = new KqlTaskRunner(view.schema(), view.shortlist(), settings,
                library.picker(context), states.crossWorkspace(configured, allowCrossWorkspace),
                describe).run(task.instruction(), context, llm, generateOnly ? Optional.empty() : Optional.of(logs));
        // With several workspaces the evidence names the one used, so an answer is never read as another's; with one
        // there is nothing to tell apart, and results stay as they were.
        if (configured.all().size() < 2) {
            return result;
        }
        return result.toBuilder().artifact(io.secai.api.Artifact.of(io.secai.api.Artifact.Kind.OTHER,
                "Workspace", workspace.get().label())).build();
    }

    private TaskResult runSkill(KqlSkill skill, Task task, TaskContext context) {
        String workspaceId;
        try {
            workspaceId = configured.resolve(Optional.of(skill.target())).id();
        } catch (io.secai.api.SecAiException unknown) {
            return TaskResult.failed("The skill " + skill.name() + " runs on the workspace " + skill.target()
                    + ", which is not configured. " + unknown.getMessage());
        }
        TokenProvider tokens = AzureSignIn.tokens(context.client(TokenProvider.class));
        LogAnalytics logs = states.logAnalytics(workspaceId, tokens);
        WorkspaceState state = states.state(workspaceId);
        WorkspaceState.View view = states.view(state, logs, context::progress);
        return new SkillRunner(settings).run(skill, task.inputs(), context, view.schema(), logs);
    }

    /**
     * {@code secai doctor}: each configured workspace answers {@code print 1} and lists its tables; with none
     * configured, the failed check names the setting.
     */
    @Override
    public List<io.secai.api.Check> selfCheck() {
        Workspaces known = configured;
        if (known == null || known.all().isEmpty()) {
            return new KqlSelfCheck(() -> (known == null ? new Workspaces(plugin.settings()) : known)
                    .resolve(Optional.empty()).id(), () -> plugin.client(TokenProvider.class), states::logAnalytics)
                    .run();
        }
        List<io.secai.api.Check> checks = new java.util.ArrayList<>();
        for (ConfiguredWorkspace workspace : known.all()) {
            for (io.secai.api.Check check : new KqlSelfCheck(workspace::id, () -> plugin.client(TokenProvider.class),
                    states::logAnalytics).run()) {
                checks.add(known.all().size() == 1 ? check : new io.secai.api.Check(check.name() + " ["
                        + workspace.label() + "]", check.ok(), check.detail(), check.fix()));
            }
        }
        return checks;
    }

    @Override
    public List<CommandContribution> commands() {
        return new PluginCommands(this::json, this::started, states, schemaBuilds, this::run).all();
    }

    /** @return what {@link #start} read, as the commands see it when they run */
    private PluginCommands.Started started() {
        return new PluginCommands.Started(plugin, settings, configured, allowCrossWorkspace, library.library(), skills);
    }

    @Override
    public void close() {
        schemaBuilds.close();
    }

    private synchronized ObjectMapper json() {
        if (json == null) {
            json = new ObjectMapper();
        }
        return json;
    }
}
