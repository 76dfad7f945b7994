package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.CommandContribution;
import io.secai.api.SecAiException;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.guard.SarifReport;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code secai kql ...}: the plugin's command-line tools.
 *
 * <ul>
 *   <li>{@code kql shortlist --schema SCHEMA.json [--catalog CATALOG.yml] [--top K]}: reads JSON lines
 *       {@code {"context": question}} and writes {@code {"context": ..., "tables": [...]}} per line;</li>
 *   <li>{@code kql check --schema SCHEMA.json [--catalog CATALOG.yml] [--row-cap N] [--allow-url PREFIX]...
 *       [--format jsonl|sarif]}: reads one JSON string (a query) per line and writes
 *       {@code {"tables", "columns", "flags", "refusals": [{"kind", "message"}], "lint": [{"rule", "message"}]}}
 *       per line, {@code flags} empty when it passes, or one SARIF 2.1.0 log for all lines; exits 1 when any query
 *       was refused, so a pipeline can gate on it (lint notes are warnings and never fail it);</li>
 *   <li>{@code kql schema refresh}: re-reads the configured workspace's tables and columns into the cache.</li>
 * </ul>
 * A schema file may be an NL2KQL schema, a {@code {"Table": "Col:type, ..."}} map or the plugin's own cache.
 */
public final class KqlCommand {
    /** Re-reads the workspace schema. */
    @FunctionalInterface
    public interface SchemaRefresher {
        /**
         * @param refresh always true: ignore the cache
         * @return the schema read
         */
        WorkspaceSchema refresh(boolean refresh);

        /**
         * @param workspace an alias, name or id of a configured workspace; empty for the default
         * @return the schema read
         */
        default WorkspaceSchema refresh(java.util.Optional<String> workspace) {
            if (workspace.isPresent()) {
                throw new SecAiException("This command refreshes only the default workspace.");
            }
            return refresh(true);
        }
    }

    /** Builds the whole extended schema now ({@code kql schema build}). */
    @FunctionalInterface
    public interface SchemaBuild {
        /**
         * How a build went.
         *
         * @param tables the workspace's tables
         * @param described tables described by this build
         * @param failed tables the model could not describe (tried again by the next build)
         */
        record Outcome(int tables, int described, int failed) {
        }

        /**
         * @param progress receives one line per table
         * @return how it went
         */
        Outcome build(java.util.function.Consumer<String> progress);
    }

    private final ObjectMapper json;
    private final SchemaRefresher refresher;
    private SchemaBuild schemaBuild;
    private final ExamplesCommand examples;
    private WorkspaceCommands workspace;

    /**
     * @param json the mapper for JSON lines
     * @param refresher reads the workspace schema for {@code schema refresh}
     */
    public KqlCommand(ObjectMapper json, SchemaRefresher refresher) {
        this(json, refresher, null);
    }

    /**
     * Adds {@code schema build}, which describes every table of the workspace with the model now (the build that
     * otherwise happens table by table, when a question first picks a table).
     *
     * @param build the build
     * @return this command
     */
    public KqlCommand withSchemaBuild(SchemaBuild build) {
        this.schemaBuild = build;
        return this;
    }

    /**
     * Adds {@code tables} and {@code run}, which work on the configured workspace.
     *
     * @param commands the workspace commands
     * @return this command
     */
    public KqlCommand withWorkspace(WorkspaceCommands commands) {
        this.workspace = commands;
        return this;
    }

    /**
     * @param json the mapper for JSON lines
     * @param refresher reads the workspace schema for {@code schema refresh}
     * @param examples the {@code examples} subcommand, or null for none
     */
    public KqlCommand(ObjectMapper json, SchemaRefresher refresher, ExamplesCommand examples) {
        this.json = json;
        this.refresher = refresher;
        this.examples = examples;
    }

    /**
     * @param args the words after {@code kql}
     * @param io the streams
     * @return the exit code
     */
    public int run(List<String> args, CommandContribution.CommandIO io) {
        PrintWriter out = new PrintWriter(io.out(), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(io.err(), true, StandardCharsets.UTF_8);
        CommandLine line = new CommandLine(new Root())
                .addSubcommand("shortlist", new Shortlist(io.in(), out))
                .addSubcommand("check", new Check(io.in(), out))
                .addSubcommand("schema", schemaCommands(out));
        if (examples != null) {
            line.addSubcommand("examples", examples);
        }
        if (workspace != null) {
            line.addSubcommand("tables", workspace.tables(out, err));
            line.addSubcommand("run", workspace.run(out, err));
            line.addSubcommand("workspaces", workspace.workspaces(out, err));
        }
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            err.println("secai kql: " + e.getMessage());
            return 1;
        });
        int code = line.execute(args.toArray(String[]::new));
        out.flush();
        err.flush();
        return code;
    }

    /** A command group: run without a subcommand, it prints its usage and exits 2. */
    abstract static class Group implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 2;
        }
    }

    @Command(name = "kql", mixinStandardHelpOptions = true,
            description = "Sentinel KQL tools: shortlist, check, schema refresh.")
    static final class Root extends Group {
    }

    @Command(name = "schema", mixinStandardHelpOptions = true, description = "The workspace schema cache.")
    static final class Schema extends Group {
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = "Re-read a configured workspace's tables and columns (the default one unless --workspace).")
    final class Refresh implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--workspace", paramLabel = "NAME", description = "a workspace alias"
                + " under azure.workspaces, its name or id (default: the default workspace; see kql workspaces)")
        String workspace;
        private final PrintWriter out;

        Refresh(PrintWriter out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            WorkspaceSchema schema = refresher.refresh(java.util.Optional.ofNullable(workspace));
            out.println("Workspace schema refreshed: " + schema.tables().size() + " tables.");
            return 0;
        }
    }

    private CommandLine schemaCommands(PrintWriter out) {
        CommandLine schema = new CommandLine(new Schema()).addSubcommand("refresh", new Refresh(out));
        if (schemaBuild != null) {
            schema.addSubcommand("build", new Build(out));
        }
        return schema;
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Describe every table of the workspace with the model now (the extended schema), "
                    + "instead of each table when a question first picks it.")
    final class Build implements Callable<Integer> {
        private final PrintWriter out;

        Build(PrintWriter out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            SchemaBuild.Outcome outcome = schemaBuild.build(out::println);
            out.println("Extended schema: " + outcome.described() + " tables described now, " + outcome.failed()
                    + " failed (tried again next time), of " + outcome.tables() + " tables.");
            return outcome.failed() == 0 ? 0 : 1;
        }
    }

    /** What a JSON-lines command writes for one input line, and whether that line fails the run (exit 1). */
    record LineAnswer(ObjectNode json, boolean flagged) {
    }

    /** Answers one parsed input line; throws {@link SecAiException} naming the line when it cannot. */
    @FunctionalInterface
    interface LineAnswerer {
        LineAnswer answer(JsonNode line, int lineNumber);
    }

    /**
     * A subcommand that reads a schema file, then answers JSON lines from standard input one by one, skipping blank
     * lines, and exits 1 when any answer was flagged. A line that is not JSON stops the run with its number.
     */
    abstract class JsonLinesCommand implements Callable<Integer> {
        @Option(names = "--schema", required = true, description = "schema file (NL2KQL, getschema map or cache)")
        Path schema;

        private final InputStream in;
        private final PrintWriter out;

        JsonLinesCommand(InputStream in, PrintWriter out) {
            this.in = in;
            this.out = out;
        }

        /** @return a catalog file to read along with the schema */
        Optional<Path> catalog() {
            return Optional.empty();
        }

        /**
         * @param workspace the schema read from {@code --schema}
         * @return what answers each line
         */
        abstract LineAnswerer answerer(WorkspaceSchema workspace);

        /** @return whether each answer is printed as a JSON line (else {@link #finish} prints everything) */
        boolean writesLines() {
            return true;
        }

        /** @param out where to print what was collected over all lines */
        void finish(PrintWriter out) {
        }

        @Override
        public final Integer call() throws IOException {
            LineAnswerer answerer = answerer(readSchema(schema, catalog()));
            boolean anyFlagged = false;
            int lineNumber = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    lineNumber++;
                    if (text.isBlank()) {
                        continue;
                    }
                    LineAnswer answer = answerer.answer(parseLine(text, lineNumber), lineNumber);
                    anyFlagged |= answer.flagged();
                    if (writesLines()) {
                        out.println(json.writeValueAsString(answer.json()));
                    }
                }
            }
            finish(out);
            return anyFlagged ? 1 : 0;
        }
    }

    @Command(name = "shortlist", mixinStandardHelpOptions = true,
            description = "Rank tables for questions: JSON lines {\"context\": question} in, "
                    + "{\"context\", \"tables\"} out.")
    final class Shortlist extends JsonLinesCommand {
        @Option(names = "--catalog", description = "NL2KQL data catalog (YAML) with descriptions")
        Path catalogFile;
        @Option(names = "--top", defaultValue = "5", description = "tables per question (default ${DEFAULT-VALUE})")
        int top;

        Shortlist(InputStream in, PrintWriter out) {
            super(in, out);
        }

        @Override
        Optional<Path> catalog() {
            return Optional.ofNullable(catalogFile);
        }

        @Override
        LineAnswerer answerer(WorkspaceSchema workspace) {
            TableShortlist shortlist = TableShortlist.of(workspace);
            return (question, lineNumber) -> {
                if (!question.path("context").isTextual()) {
                    throw new SecAiException("line " + lineNumber + " has no \"context\" text");
                }
                ObjectNode answer = json.createObjectNode();
                answer.put("context", question.get("context").asText());
                ArrayNode tables = answer.putArray("tables");
                shortlist.rank(question.get("context").asText(), Math.max(1, top)).forEach(tables::add);
                return new LineAnswer(answer, false);
            };
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check KQL queries: one JSON string per line in, {\"tables\", \"columns\", \"flags\","
                    + " \"refusals\", \"lint\"} out (or one SARIF 2.1.0 log); exit 1 when any query is refused.")
    final class Check extends JsonLinesCommand {
        @Option(names = "--catalog", description = "NL2KQL data catalog (YAML): its columns are known too")
        Path catalogFile;
        @Option(names = "--row-cap", defaultValue = "0",
                description = "also report queries without a row bound (0: do not; default ${DEFAULT-VALUE})")
        int rowCap;
        @Option(names = "--allow-url", description = "a URL prefix externaldata may read from (repeatable; as the"
                + " setting plugins.sentinel-kql.externaldata.allow-urls)")
        List<String> allowUrls = new java.util.ArrayList<>();
        @Option(names = "--format", defaultValue = "jsonl",
                description = "jsonl (one answer per line) or sarif (one SARIF 2.1.0 log); default ${DEFAULT-VALUE}")
        String format;

        private SarifReport sarif;

        Check(InputStream in, PrintWriter out) {
            super(in, out);
        }

        @Override
        Optional<Path> catalog() {
            return Optional.ofNullable(catalogFile);
        }

        @Override
        boolean writesLines() {
            return sarif == null;
        }

        @Override
        void finish(PrintWriter out) {
            if (sarif != null) {
                out.println(sarif.toJson());
            }
        }

        @Override
        LineAnswerer answerer(WorkspaceSchema workspace) {
            if (!format.equals("jsonl") && !format.equals("sarif")) {
                throw new SecAiException("--format must be jsonl or sarif, not '" + format + "'");
            }
            sarif = format.equals("sarif") ? new SarifReport(json, "stdin") : null;
            KqlGuard guard = new KqlGuard(workspace, new GuardOptions(rowCap, false, true)
                    .withExternalDataUrls(allowUrls));
            return (query, lineNumber) -> {
                if (!query.isTextual()) {
                    throw new SecAiException("line " + lineNumber + " is not a JSON string holding a query");
                }
                GuardReport report = guard.check(query.asText());
                ObjectNode answer = json.createObjectNode();
                report.tables().forEach(answer.putArray("tables")::add);
                report.columns().forEach(answer.putArray("columns")::add);
                ArrayNode flags = answer.putArray("flags");
                report.flags().forEach(flags::add);
                ArrayNode refusals = answer.putArray("refusals");
                report.refusals().forEach(r -> refusals.addObject().put("kind", r.kind().name().toLowerCase(
                        java.util.Locale.ROOT)).put("policy", r.kind().policy()).put("message", r.message()));
                ArrayNode lint = answer.putArray("lint");
                report.lint().forEach(n -> lint.addObject().put("rule", n.ruleId()).put("message", n.message())
                        .put("offset", n.offset()));
                boolean unbounded = rowCap > 0 && report.rowCapAdded() && report.notes().isEmpty();
                if (unbounded) {
                    flags.add("the query does not bound its rows (no take, limit, top or summarize)");
                }
                if (sarif != null) {
                    sarif.add(report, lineNumber);
                }
                return new LineAnswer(answer, !flags.isEmpty());
            };
        }
    }

    private JsonNode parseLine(String text, int lineNumber) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new SecAiException("line " + lineNumber + " is not JSON: " + e.getMessage());
        }
    }

    private WorkspaceSchema readSchema(Path schema, Optional<Path> catalog) {
        if (!Files.isRegularFile(schema)) {
            throw new SecAiException("no schema file at " + schema);
        }
        if (catalog.isPresent() && !Files.isRegularFile(catalog.get())) {
            throw new SecAiException("no catalog file at " + catalog.get());
        }
        return new SchemaFiles(json).read(schema, catalog);
    }
}
