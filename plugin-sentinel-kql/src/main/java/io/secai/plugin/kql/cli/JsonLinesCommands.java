package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secai.api.SecAiException;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.GuardReport;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.guard.SarifReport;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;
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
 * {@code kql shortlist} and {@code kql check}: the tools that work on a schema file alone, with no workspace and no
 * sign-in, reading JSON lines from standard input and writing one answer per line, so that a script or a CI
 * pipeline can rank tables or gate queries offline.
 *
 * <p>Kept apart from {@link KqlCommand}, which only assembles the {@code kql} command tree: what they share (reading
 * the schema file, the JSON-lines loop, what makes a run exit 1) is their own concern, not the tree's.
 */
final class JsonLinesCommands {
    private final ObjectMapper json;

    /** @param json reads the input lines and writes the answers */
    JsonLinesCommands(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param in standard input: one {@code {"context": question}} per line
     * @param out standard output
     * @return {@code kql shortlist}
     */
    Object shortlist(InputStream in, PrintWriter out) {
        return new Shortlist(in, out);
    }

    /**
     * @param in standard input: one JSON string (a query) per line
     * @param out standard output
     * @return {@code kql check}
     */
    Object check(InputStream in, PrintWriter out) {
        return new Check(in, out);
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
