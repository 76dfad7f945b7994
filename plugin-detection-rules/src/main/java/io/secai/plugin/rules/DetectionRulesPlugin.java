package io.secai.plugin.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.Check;
import io.secai.api.CommandContribution;
import io.secai.api.LlmClient;
import io.secai.api.Plugin;
import io.secai.api.PluginContext;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.rules.check.RuleCommand;
import io.secai.plugin.rules.generate.RuleCreator;
import io.secai.plugin.rules.query.KqlQueryInspector;
import io.secai.plugin.rules.validate.AttackMatrix;
import io.secai.plugin.rules.validate.RuleValidator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sentinel scheduled analytics rules as data: the {@code create-rule} capability turns a description, or the KQL
 * of the session, into a validated rule exported as an ARM template, Bicep and detection YAML; {@code secai rule
 * check} validates such files in a pipeline.
 */
public final class DetectionRulesPlugin implements Plugin {
    /** The plugin's name. */
    public static final String NAME = "detection-rules";
    /** The capability that writes a rule. */
    public static final String CREATE_RULE = "create-rule";
    /** The workspace schema to check rule queries against (optional). */
    static final String SCHEMA_KEY = "plugins.detection-rules.schema-file";
    /** URL prefixes a rule's {@code externaldata} may read from (optional; none by default). */
    static final String ALLOW_URLS_KEY = "plugins.detection-rules.externaldata.allow-urls";
    /** The name of the self-check. */
    static final String RULE_CHECKS = "rule checks";

    /** Jackson and the ATT&CK matrix: what checking or writing a rule needs, and no description or capability. */
    private record Tools(ObjectMapper json, AttackMatrix attack) {
    }

    /** The tools with the validator for the started settings. */
    private record Rules(Tools tools, RuleValidator validator) {
    }

    private final Supplier<AttackMatrix> matrix;
    private final Object lock = new Object();
    // Built on first use, not in the constructor or start: every SecAI start loads every plugin, and most never
    // write a rule (this plugin's own Jackson and the matrix were ~0.1-0.2 s of CPU at each start). A failure is
    // not kept: the task (or selfCheck) that met it says so, and the next use tries again.
    private Tools tools;
    private Rules rules;
    private volatile WorkspaceSchema schema = WorkspaceSchema.of(List.of());
    private volatile List<String> allowedUrls = List.of();
    private volatile boolean schemaKnown;

    /** Creates the plugin; {@link java.util.ServiceLoader} calls this. */
    public DetectionRulesPlugin() {
        this(AttackMatrix::bundled);
    }

    /** @param matrix reads the ATT&CK matrix when a rule is first checked (tests make it fail) */
    DetectionRulesPlugin(Supplier<AttackMatrix> matrix) {
        this.matrix = matrix;
    }

    private Tools tools() {
        synchronized (lock) {
            if (tools == null) {
                tools = new Tools(new ObjectMapper(), matrix.get());
            }
            return tools;
        }
    }

    private Rules rules() {
        synchronized (lock) {
            if (rules == null) {
                Tools built = tools();
                rules = new Rules(built, new RuleValidator(built.attack(), new KqlQueryInspector(schema,
                        allowedUrls)));
            }
            return rules;
        }
    }

    private static String unavailable(RuntimeException e) {
        return "The detection-rules plugin could not prepare its rule checks: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ". Nothing was written; try again, and if it persists reinstall the plugin.";
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
        return "Writes a Microsoft Sentinel scheduled analytics rule (detection) from a description or from the KQL "
                + "of the session, checks that Sentinel would accept it, and exports it as an ARM template, Bicep "
                + "or detection YAML; it runs no query itself.";
    }

    @Override
    public String helpText() {
        return """
                **detection-rules** writes Microsoft Sentinel scheduled analytics rules as data and checks them \
                before you deploy: durations within Sentinel's limits, query period at least the frequency, \
                trigger, ATT&CK tactics and techniques (each technique under a listed tactic), entity mappings \
                against the columns the query returns, and the query against the KQL guard. A rule that fails \
                goes back to the model once with every reason.

                Ask, for example:
                - *Generate the Sentinel analytic rule for the detection above as an ARM template.*
                - *Create a detection rule for more than 20 failed sign-ins per user in 10 minutes.*

                The answer shows the ARM template; the Bicep file and the detection YAML come with it (Copy and \
                Download in the web page, `export` in the shell). `secai rule check FILE` checks ARM templates, \
                Bicep and detection YAML in a pipeline. `plugins.detection-rules.schema-file` names a workspace \
                schema (as `kql check --schema` reads) to check tables and columns too.
                """;
    }

    @Override
    public List<Capability> capabilities() {
        return List.of(Capability.of(CREATE_RULE, "Create a Sentinel scheduled analytics rule (detection rule) "
                + "as an ARM template, Bicep or YAML from a description or the KQL of earlier steps, validated "
                + "for deployment; use for any request to generate, draft or optimise an analytic rule or ARM "
                + "template of a detection"));
    }

    @Override
    public void start(PluginContext context) {
        Optional<String> schemaFile = context.settings().string(SCHEMA_KEY).filter(value -> !value.isBlank());
        List<String> allowedUrls = context.settings().list(ALLOW_URLS_KEY);
        // A configured schema file is still read here, so that a bad one is a start failure as before.
        WorkspaceSchema read = schemaFile.map(file -> new SchemaFiles(new ObjectMapper()).read(Path.of(file),
                Optional.empty())).orElse(WorkspaceSchema.of(List.of()));
        synchronized (lock) {
            this.schema = read;
            this.allowedUrls = List.copyOf(allowedUrls);
            this.schemaKnown = schemaFile.isPresent();
            this.rules = null;
        }
    }

    /** {@code secai doctor}: the rule checks can be built (the ATT&CK matrix reads). */
    @Override
    public List<Check> selfCheck() {
        try {
            rules();
            return List.of(Check.pass(RULE_CHECKS, "ATT&CK matrix and rule validator ready"));
        } catch (RuntimeException e) {
            return List.of(Check.fail(RULE_CHECKS, unavailable(e), "reinstall the detection-rules plugin"));
        }
    }

    @Override
    public TaskResult run(Task task, TaskContext context) {
        Optional<LlmClient> model = context.client(LlmClient.class);
        if (model.isEmpty()) {
            return TaskResult.failed("Writing a detection rule needs the language model, and none is configured: "
                    + "set openai.endpoint (AZURE_OPENAI_ENDPOINT) and openai.deployment (AZURE_OPENAI_MODELNAME).");
        }
        Optional<String> warning = schemaKnown ? Optional.empty() : Optional.of("Tables and columns were not "
                + "checked against the workspace: set " + SCHEMA_KEY + " to a schema file to check them.");
        Rules current;
        try {
            current = rules();
        } catch (RuntimeException e) {
            return TaskResult.failed(unavailable(e));
        }
        return new RuleCreator(model.get(), current.tools().json(), current.validator(), current.tools().attack())
                .create(task, context, warning);
    }

    @Override
    public List<CommandContribution> commands() {
        return List.of(CommandContribution.of("rule", "Check Sentinel analytics rules (ARM templates, Bicep, "
                + "detection YAML) before deployment", (args, io) -> {
                    Tools current = tools();
                    return new RuleCommand(current.json(), current.attack()).run(args, io);
                }));
    }
}
