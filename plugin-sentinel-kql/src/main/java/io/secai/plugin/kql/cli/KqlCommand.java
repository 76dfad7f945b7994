package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution;
import io.secai.api.SecAiException;
import io.secai.kql.schema.WorkspaceSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    private final JsonLinesCommands jsonLines;
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
        this.jsonLines = new JsonLinesCommands(json);
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
                .addSubcommand("shortlist", jsonLines.shortlist(io.in(), out))
                .addSubcommand("check", jsonLines.check(io.in(), out))
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
}
