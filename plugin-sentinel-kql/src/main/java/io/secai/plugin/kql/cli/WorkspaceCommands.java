package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.ResultTable;
import io.secai.api.SecAiException;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;
import io.secai.plugin.kql.query.QueryOutcome;
import io.secai.plugin.kql.workspace.ConfiguredWorkspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code secai kql tables} and {@code secai kql run}: the workspace's own schema, guard and query service, for
 * scripts and for SecAI's MCP server. Both print one JSON object (with {@code --format json}) so that callers get
 * the rows with their types and the guard's verdict as data, not as text to parse.
 */
public final class WorkspaceCommands {

    /** What the plugin gives these commands: its configured workspaces, their schemas, its guard and its client. */
    public interface Access {
        /**
         * @param name an alias under {@code azure.workspaces}, a workspace's name or id, {@code default}, or empty
         * @return the workspace's GUID
         * @throws SecAiException naming the known workspaces when there is no such one
         */
        String workspaceId(Optional<String> name);

        /**
         * @param workspaceId the workspace
         * @param progress receives one line per step when the schema must be read
         * @return the workspace's schema and the shortlist over it
         */
        View view(String workspaceId, Consumer<String> progress);

        /** @return the guard's options for queries that run */
        GuardOptions guardOptions();

        /** @return the time range given to the service when the caller names none */
        Duration defaultTimespan();

        /** @return the configured tables-per-question */
        int shortlistSize();

        /**
         * @param workspaceId the workspace
         * @param guardedKql a query the guard passed
         * @param timespan how far back
         * @return the rows
         */
        QueryOutcome query(String workspaceId, String guardedKql, Duration timespan);

        /** @return the configured workspaces, the default first */
        default List<ConfiguredWorkspace> workspaces() {
            return List.of();
        }

        /** @return workspace settings that were skipped, in words */
        default List<String> workspaceProblems() {
            return List.of();
        }
    }

    /**
     * A schema and its shortlist.
     *
     * @param schema the tables and columns
     * @param shortlist ranks them for a question
     */
    public record View(WorkspaceSchema schema, TableShortlist shortlist) {
    }

    private static final int MAX_SAMPLE_VALUES = 5;

    private final ObjectMapper json;
    private final Access access;

    /**
     * @param json writes the answers
     * @param access the plugin's workspaces
     */
    public WorkspaceCommands(ObjectMapper json, Access access) {
        this.json = json;
        this.access = access;
    }

    /**
     * @param out standard output
     * @param err standard error
     * @return {@code kql tables}
     */
    public Object tables(PrintWriter out, PrintWriter err) {
        return new Tables(out, err);
    }

    /**
     * @param out standard output
     * @param err standard error
     * @return {@code kql run}
     */
    public Object run(PrintWriter out, PrintWriter err) {
        return new Run(out, err);
    }

    /**
     * @param out standard output
     * @param err standard error
     * @return {@code kql workspaces}
     */
    public Object workspaces(PrintWriter out, PrintWriter err) {
        return new WorkspaceList(out, err);
    }

    @Command(name = "workspaces", mixinStandardHelpOptions = true,
            description = "The configured Log Analytics workspaces (azure.workspaces.<alias>, azure.workspace-id),"
                    + " the default first, and the workspace settings that were skipped.")
    final class WorkspaceList implements Callable<Integer> {
        @Option(names = "--format", defaultValue = "text", description = "text or json")
        String format;
        private final PrintWriter out;
        private final PrintWriter err;

        WorkspaceList(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws IOException {
            List<ConfiguredWorkspace> all = access.workspaces();
            if (format.equalsIgnoreCase("json")) {
                ObjectNode answer = json.createObjectNode();
                ArrayNode list = answer.putArray("workspaces");
                for (int i = 0; i < all.size(); i++) {
                    ConfiguredWorkspace workspace = all.get(i);
                    ObjectNode item = list.addObject().put("alias", workspace.alias()).put("id", workspace.id())
                            .put("default", i == 0 && isDefault(workspace)).put("setting", workspace.setting());
                    workspace.name().ifPresent(name -> item.put("name", name));
                    workspace.subscription().ifPresent(value -> item.put("subscription", value));
                    workspace.resourceGroup().ifPresent(value -> item.put("resourceGroup", value));
                }
                access.workspaceProblems().forEach(answer.putArray("problems")::add);
                out.println(json.writeValueAsString(answer));
                return all.isEmpty() ? 1 : 0;
            }
            if (all.isEmpty()) {
                err.println("No workspace is configured: set azure.workspace-id, or azure.workspaces.<alias>.id.");
            }
            for (ConfiguredWorkspace workspace : all) {
                out.println(workspace.alias() + "  " + workspace.id()
                        + workspace.name().map(name -> "  name " + name).orElse("")
                        + workspace.subscription().map(value -> "  subscription " + value).orElse("")
                        + workspace.resourceGroup().map(value -> "  resource group " + value).orElse("")
                        + (isDefault(workspace) ? "  (default)" : "") + "  [" + workspace.setting() + "]");
            }
            access.workspaceProblems().forEach(problem -> err.println("Skipped: " + problem));
            return all.isEmpty() ? 1 : 0;
        }

        private boolean isDefault(ConfiguredWorkspace workspace) {
            try {
                return access.workspaceId(Optional.empty()).equals(workspace.id());
            } catch (SecAiException none) {
                return false;
            }
        }
    }

    @Command(name = "tables", mixinStandardHelpOptions = true,
            description = "The workspace's tables that best match a question, with columns and known values.")
    final class Tables implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "the question, in plain words")
        List<String> question;
        @Option(names = "--workspace", paramLabel = "NAME", description = "a workspace alias under "
                + "azure.workspaces, its name or id (default: the default workspace; see kql workspaces)")
        String workspace;
        @Option(names = "--top", defaultValue = "0", description = "how many tables (default: shortlist-size)")
        int top;
        @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE})")
        String format;

        private final PrintWriter out;
        private final PrintWriter err;

        Tables(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws IOException {
            boolean asJson = format(format);
            String workspaceId = access.workspaceId(Optional.ofNullable(workspace));
            View view = access.view(workspaceId, err::println);
            String text = String.join(" ", question);
            int limit = Math.min(50, top > 0 ? top : access.shortlistSize());
            ObjectNode answer = json.createObjectNode();
            answer.put("question", text);
            ArrayNode tables = answer.putArray("tables");
            for (String name : view.shortlist().rank(text, limit)) {
                Optional<TableInfo> table = view.schema().table(name);
                if (table.isEmpty()) {
                    continue;
                }
                ObjectNode entry = tables.addObject();
                entry.put("name", name);
                entry.put("description", table.get().description());
                ArrayNode columns = entry.putArray("columns");
                for (ColumnInfo column : table.get().columns()) {
                    ObjectNode c = columns.addObject().put("name", column.name()).put("type", column.type());
                    if (!column.description().isEmpty()) {
                        c.put("description", column.description());
                    }
                    if (!column.knownValues().isEmpty()) {
                        column.knownValues().stream().limit(MAX_SAMPLE_VALUES).forEach(c.putArray("sampleValues")::add);
                    }
                }
            }
            if (asJson) {
                out.println(json.writeValueAsString(answer));
            } else {
                tables.forEach(t -> out.println(t.get("name").asText() + ": " + t.get("columns").size() + " columns"));
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Check a KQL query with the guard and, unless --check-only, run it on the workspace.")
    final class Run implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "KQL", description = "the query (read-only; the guard decides)")
        String kql;
        @Option(names = "--workspace", paramLabel = "NAME", description = "a workspace alias under "
                + "azure.workspaces, its name or id (default: the default workspace; see kql workspaces)")
        String workspace;
        @Option(names = "--timespan", paramLabel = "ISO-8601", description = "how far back, e.g. P1D or PT4H "
                + "(default: plugins.sentinel-kql.default-timespan)")
        String timespan;
        @Option(names = "--check-only", description = "only give the guard's verdict; run nothing")
        boolean checkOnly;
        @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE})")
        String format;

        private final PrintWriter out;
        private final PrintWriter err;

        Run(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws IOException {
            boolean asJson = format(format);
            Duration range = timespan == null ? access.defaultTimespan() : parse(timespan);
            String workspaceId = access.workspaceId(Optional.ofNullable(workspace));
            View view = access.view(workspaceId, err::println);
            GuardOptions options = access.guardOptions();
            GuardReport report = new KqlGuard(view.schema(), options).check(kql);
            ObjectNode answer = json.createObjectNode();
            answer.put("passed", report.passed());
            answer.put("workspace", workspaceId);
            answer.put("kql", kql);
            if (report.passed()) {
                answer.put("guardedKql", report.guardedQuery());
            }
            report.tables().forEach(answer.putArray("tables")::add);
            report.columns().forEach(answer.putArray("columns")::add);
            ArrayNode refusals = answer.putArray("refusals");
            report.refusals().forEach(r -> refusals.addObject().put("kind", r.kind().name().toLowerCase(Locale.ROOT))
                    .put("message", r.message()));
            ArrayNode lint = answer.putArray("lint");
            report.lint().forEach(n -> lint.addObject().put("rule", n.ruleId()).put("message", n.message()));
            report.notes().forEach(answer.putArray("notes")::add);
            answer.put("ran", false);
            if (!report.passed() || checkOnly) {
                print(answer, asJson);
                return report.passed() ? 0 : 1;
            }
            QueryOutcome outcome = access.query(workspaceId, report.guardedQuery(), range);
            ResultTable rows = outcome.table();
            boolean capped = report.rowCapAdded() && rows.rows().size() >= report.appliedRowCap();
            answer.put("ran", true);
            answer.put("workspace", workspaceId);
            answer.put("timespan", range.toString());
            ArrayNode columns = answer.putArray("resultColumns");
            rows.columns().forEach(c -> columns.addObject().put("name", c.name())
                    .put("type", c.type().name().toLowerCase(Locale.ROOT)));
            answer.set("rows", json.valueToTree(rows.rows()));
            answer.put("rowCount", rows.rows().size());
            answer.put("truncated", capped || rows.truncated());
            ArrayNode warnings = answer.putArray("warnings");
            outcome.warnings().forEach(warnings::add);
            if (capped) {
                warnings.add("Only the first " + report.appliedRowCap() + " rows were fetched; narrow the query or"
                        + " summarize to see the rest.");
            }
            print(answer, asJson);
            return 0;
        }

        private void print(ObjectNode answer, boolean asJson) throws IOException {
            if (asJson) {
                out.println(json.writeValueAsString(answer));
                return;
            }
            if (!answer.get("passed").asBoolean()) {
                out.println("Refused by the guard:");
                answer.get("refusals").forEach(r -> out.println("  " + r.get("message").asText()));
                return;
            }
            out.println("Passed the guard: " + answer.get("guardedKql").asText());
            answer.get("lint").forEach(n -> out.println("  lint " + n.get("rule").asText() + ": "
                    + n.get("message").asText()));
            if (answer.get("ran").asBoolean()) {
                out.println(answer.get("rowCount").asInt() + " rows" + (answer.get("truncated").asBoolean()
                        ? " (truncated)" : ""));
                for (var row : answer.get("rows")) {
                    List<String> cells = new java.util.ArrayList<>();
                    row.forEach(cell -> cells.add(cell.isNull() ? "" : cell.asText()));
                    out.println(String.join("\t", cells));
                }
            }
        }
    }

    private static boolean format(String format) {
        if (!format.equals("text") && !format.equals("json")) {
            throw new SecAiException("--format must be text or json, not '" + format + "'");
        }
        return format.equals("json");
    }

    private static Duration parse(String timespan) {
        try {
            Duration parsed = Duration.parse(timespan.strip().toUpperCase(Locale.ROOT));
            if (parsed.isNegative() || parsed.isZero()) {
                throw new SecAiException("--timespan must be a positive ISO-8601 duration such as P1D, not '"
                        + timespan + "'");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new SecAiException("--timespan must be an ISO-8601 duration such as P1D or PT4H, not '"
                    + timespan + "'");
        }
    }
}
