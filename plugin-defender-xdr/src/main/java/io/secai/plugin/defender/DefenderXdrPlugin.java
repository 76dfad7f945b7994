package io.secai.plugin.defender;

import com.fasterxml.jackson.databind.JsonNode;
import io.secai.api.ApiVersion;
import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.api.Capability.Parameter;
import io.secai.api.Check;
import io.secai.api.LlmClient;
import io.secai.api.PluginContext;
import io.secai.api.ServiceException;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.plugin.defender.graph.GraphClient;
import io.secai.plugin.defender.graph.GraphRejectedException;
import io.secai.plugin.defender.graph.SecurityApi;
import io.secai.plugin.defender.graph.ThrottleBudget;
import io.secai.kql.examples.ConfiguredLibrary;
import io.secai.kql.schema.AdvancedHuntingSchema;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.plugin.defender.hunting.HuntingRunner;
import io.secai.plugin.defender.hunting.HuntingSchema;
import io.secai.plugin.defender.incidents.EvidenceTable;
import io.secai.plugin.defender.incidents.GraphTables;
import io.secai.plugin.defender.incidents.IncidentFilter;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Defender XDR plugin: Microsoft Defender XDR's incidents, alerts with their evidence, and advanced hunting,
 * through Microsoft Graph's security API with the signed-in identity's token.
 *
 * <p>Settings: {@code plugins.defender-xdr.*} (see its {@code reference.conf}). Permissions:
 * {@code SecurityIncident.Read.All}, {@code SecurityAlert.Read.All}, {@code ThreatHunting.Read.All}.
 */
public final class DefenderXdrPlugin implements io.secai.api.Plugin {
    static final String NAME = "defender-xdr";
    static final String LIST = "list-incidents";
    static final String DETAILS = "incident-details";
    static final String EVIDENCE = "alert-evidence";
    static final String HUNT = "advanced-hunting";
    static final String SCHEMA_CHECK = "advanced hunting schema";
    private static final Pattern INCIDENT_IN_TEXT = Pattern.compile("(?i)incident\\s*(?:id\\s*)?#?\\s*(\\d{1,20})");
    private static final long MAX_RESPONSE_BYTES = 64L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(DefenderXdrPlugin.class);

    private volatile PluginContext plugin;
    private volatile DefenderSettings settings;
    private final Supplier<WorkspaceSchema> shippedSchema;
    // Built on the first hunt (or selfCheck), not in start: parsing the shipped schema and the cache's Jackson cost
    // every SecAI start ~0.1-0.2 s of CPU, and the description and capabilities do not depend on them. A failure is
    // not kept: the hunt that met it fails saying so, and the next one tries again.
    private HuntingSchema huntingSchema;
    private volatile HttpClient http;
    // Only the configured folders: the library is read on the first hunt (and again when a file changes), never in
    // start.
    private volatile ConfiguredLibrary library = ConfiguredLibrary.none();

    /** Creates the plugin; the engine calls {@link #start} before any task. */
    public DefenderXdrPlugin() {
        this(AdvancedHuntingSchema::load);
    }

    /** @param shippedSchema reads the shipped advanced hunting schema on first use (tests make it fail) */
    DefenderXdrPlugin(Supplier<WorkspaceSchema> shippedSchema) {
        this.shippedSchema = shippedSchema;
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
        return "Microsoft Defender XDR (through Microsoft Graph): lists Defender incidents with filters, shows one"
                + " incident with its alerts, lists the alerts' evidence (users, devices, IP addresses, files,"
                + " mailboxes), and answers questions with advanced hunting KQL over the Device*, Email*, Identity*,"
                + " CloudApp*, Alert* and AAD sign-in tables (its own KQL, not Sentinel's).";
    }

    @Override
    public String helpText() {
        return """
                **Defender XDR** reads Microsoft Defender XDR through Microsoft Graph's security API.

                Ask for example: *list the active high-severity Defender incidents of the last 7 days*, *show \
                Defender incident 2972395 with its alerts*, *the evidence of that incident's alerts*, *hunt for \
                processes that opened connections to 203.0.113.7 in the last day*.

                Needs a signed-in identity with the Graph permissions SecurityIncident.Read.All, \
                SecurityAlert.Read.All and ThreatHunting.Read.All. Settings: `plugins.defender-xdr.*` \
                (graph-url for sovereign clouds, page and row caps, throttle budget).""";
    }

    @Override
    public List<Capability> capabilities() {
        return List.of(
                Capability.of(LIST, "List Microsoft Defender XDR incidents, newest first, optionally filtered.",
                        List.of(Parameter.of("status", "active, inProgress, resolved, redirected or awaitingAction",
                                        false),
                                Parameter.of("severity", "informational, low, medium or high", false),
                                Parameter.of("since", "earliest creation: a duration such as 7d or a date"
                                        + " 2026-11-01", false),
                                Parameter.of("assigned-to", "the owner's user principal name", false))),
                Capability.of(DETAILS, "Show one Defender XDR incident with its alerts.",
                        List.of(Parameter.of("incident-id", "the Defender incident id (digits)", true))),
                Capability.of(EVIDENCE, "List the evidence (users, devices, IP addresses, files, mailboxes,"
                                + " processes) of a Defender incident's alerts, or of one alert.",
                        List.of(Parameter.of("incident-id", "the Defender incident id (digits)", false),
                                Parameter.of("alert-id", "one alert's id instead of a whole incident", false))),
                Capability.of(HUNT, "Answer a question about Defender XDR data (device processes, network, files,"
                        + " logons, email, identity and sign-in events, cloud app activity, alerts) by writing"
                        + " advanced hunting KQL, running it and returning the rows."));
    }

    @Override
    public void start(PluginContext context) {
        this.plugin = context;
        this.settings = DefenderSettings.from(context.settings());
        this.library = new ConfiguredLibrary(DefenderSettings.Library.SETTING, settings.library().entries(),
                settings.library().examples(), note -> LOG.warn("Example library: {}", note));
        synchronized (this) {
            this.huntingSchema = null;
        }
    }

    private synchronized HuntingSchema huntingSchema() {
        if (huntingSchema == null) {
            huntingSchema = new HuntingSchema(shippedSchema.get(),
                    plugin.dataDirectory().resolve("advanced-hunting-columns.json"), settings.schemaMaxAge(),
                    Clock.systemUTC());
        }
        return huntingSchema;
    }

    private static String schemaUnavailable(RuntimeException e) {
        return "The defender-xdr plugin could not read its advanced hunting schema: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + ". No query was run; try again, and if it persists reinstall the plugin.";
    }

    /** {@code secai doctor}: the shipped advanced hunting schema reads (no request to Microsoft Graph). */
    @Override
    public List<Check> selfCheck() {
        if (settings == null) {
            return List.of(Check.fail(SCHEMA_CHECK, "the plugin was not started", "see secai plugins"));
        }
        try {
            int tables = huntingSchema().shippedTables();
            return List.of(Check.pass(SCHEMA_CHECK, tables + " shipped tables"));
        } catch (RuntimeException e) {
            return List.of(Check.fail(SCHEMA_CHECK, schemaUnavailable(e), "reinstall the defender-xdr plugin"));
        }
    }

    @Override
    public TaskResult run(Task task, TaskContext context) {
        SecurityApi api;
        try {
            api = api(context);
            return switch (task.capability()) {
                case LIST -> list(task, api);
                case DETAILS -> details(task, api);
                case EVIDENCE -> evidence(task, api);
                case HUNT -> hunt(task, context, api);
                default -> TaskResult.failed("The defender-xdr plugin has no capability '" + task.capability()
                        + "'; it offers " + LIST + ", " + DETAILS + ", " + EVIDENCE + " and " + HUNT + ".");
            };
        } catch (IllegalArgumentException badInput) {
            return TaskResult.failed(badInput.getMessage());
        } catch (GraphRejectedException rejected) {
            return TaskResult.failed("Microsoft Graph refused the request (HTTP " + rejected.status() + "): "
                    + rejected.serviceText());
        }
    }

    private TaskResult list(Task task, SecurityApi api) {
        IncidentFilter filter = IncidentFilter.from(task.inputs(), Clock.systemUTC());
        GraphClient.Page page = api.incidents(filter.odata(), settings.pageSize(), settings.maxPages());
        TaskResult.Builder result = TaskResult.builder()
                .markdown((page.items().size() == 1 ? "1 Defender incident" : page.items().size()
                        + " Defender incidents") + " (" + filter.inWords() + ")" + (page.truncated()
                        ? ", the first " + settings.maxPages() + " pages." : "."))
                .table(GraphTables.incidents(page.items(), page.truncated()))
                .artifact(Artifact.of(Artifact.Kind.OTHER, "Graph filter", filter.odata().orElse("(none)")));
        if (page.truncated()) {
            result.warning("More incidents exist than plugins.defender-xdr.max-pages (" + settings.maxPages()
                    + ") pages hold; narrow the filter to see the rest.");
        }
        return result.build();
    }

    private TaskResult details(Task task, SecurityApi api) {
        String id = incidentId(task).orElseThrow(() -> new IllegalArgumentException("Which Defender incident? Give"
                + " its id (digits, such as 2972395)."));
        JsonNode incident = api.incidentWithAlerts(id);
        List<JsonNode> alerts = new ArrayList<>();
        incident.path("alerts").forEach(alerts::add);
        String markdown = "Defender incident " + id + ": severity " + incident.path("severity").asText("unknown")
                + ", status " + incident.path("status").asText("unknown") + ", " + (alerts.size() == 1 ? "1 alert"
                : alerts.size() + " alerts") + ".";
        return TaskResult.builder().markdown(markdown)
                .table(GraphTables.alerts(alerts))
                .artifact(Artifact.of(Artifact.Kind.OTHER, "Defender incident", id))
                .contextText(markdown + " Title (data): " + oneLine(incident.path("displayName").asText(""))
                        + ". Alerts: " + String.join("; ", alerts.stream().map(a -> a.path("id").asText() + " "
                        + oneLine(a.path("title").asText()) + " (" + a.path("severity").asText() + ")").toList()))
                .build();
    }

    private TaskResult evidence(Task task, SecurityApi api) {
        Optional<String> alertId = Optional.ofNullable(task.inputs().get("alert-id")).map(String::strip)
                .filter(s -> !s.isEmpty());
        List<JsonNode> alerts = new ArrayList<>();
        String source;
        if (alertId.isPresent()) {
            alerts.add(api.alert(alertId.get()));
            source = "alert " + alertId.get();
        } else {
            String id = incidentId(task).orElseThrow(() -> new IllegalArgumentException("Whose evidence? Give a"
                    + " Defender incident id (digits) or an alert id."));
            api.incidentWithAlerts(id).path("alerts").forEach(alerts::add);
            source = "incident " + id;
        }
        EvidenceTable.Evidence evidence = EvidenceTable.of(alerts);
        List<String> counts = new ArrayList<>();
        evidence.countsByType().forEach((type, count) -> counts.add(count + " " + type));
        String markdown = "Evidence of " + source + " (" + (alerts.size() == 1 ? "1 alert" : alerts.size()
                + " alerts") + "): " + (counts.isEmpty() ? "none" : String.join(", ", counts)) + ".";
        if (!evidence.users().isEmpty()) {
            markdown += " Users: " + String.join(", ", evidence.users()) + ".";
        }
        return TaskResult.builder().markdown(markdown).table(evidence.table())
                .artifact(Artifact.of(Artifact.Kind.OTHER, "Defender evidence", source))
                .build();
    }

    private TaskResult hunt(Task task, TaskContext context, SecurityApi api) {
        if (task.instruction().isBlank()) {
            return TaskResult.failed("The hunting task has no question: say what to look for.");
        }
        LlmClient llm = context.client(LlmClient.class).orElseThrow(() -> new ServiceException("Azure OpenAI",
                ServiceException.Kind.UNAVAILABLE, "no language model is configured (set openai.endpoint)"));
        HuntingSchema schema;
        try {
            schema = huntingSchema();
        } catch (RuntimeException e) {
            return TaskResult.failed(schemaUnavailable(e));
        }
        return new HuntingRunner(schema, settings.hunting(), library.picker(context))
                .run(task.instruction(), context, llm, api);
    }

    private Optional<String> incidentId(Task task) {
        Optional<String> given = Optional.ofNullable(task.inputs().get("incident-id")).map(String::strip)
                .filter(s -> !s.isEmpty());
        if (given.isPresent()) {
            return Optional.of(SecurityApi.checkedIncidentId(given.get()));
        }
        Matcher inText = INCIDENT_IN_TEXT.matcher(task.instruction());
        return inText.find() ? Optional.of(inText.group(1)) : Optional.empty();
    }

    private SecurityApi api(TaskContext context) {
        TokenProvider tokens = context.client(TokenProvider.class).orElseThrow(() -> new ServiceException(
                GraphClient.SERVICE, ServiceException.Kind.UNAVAILABLE, "no Azure identity is signed in (see"
                + " `secai login` and azure.auth)"));
        GraphClient graph = new GraphClient(settings.graphUrl(), httpClient(), settings.requestTimeout(),
                MAX_RESPONSE_BYTES, duration -> Thread.sleep(duration.toMillis()));
        String scope = settings.scope().isBlank() ? graph.defaultScope() : settings.scope();
        return new SecurityApi(graph, new GraphClient.Call(() -> tokens.token(Set.of(scope)).token(),
                context::progress, context::throwIfCancelled, new ThrottleBudget(settings.throttleBudget())));
    }

    private HttpClient httpClient() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = GraphClient.newHttpClient();
                }
                client = http;
            }
        }
        return client;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
