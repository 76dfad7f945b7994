package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.SecAiException;
import io.secai.kql.examples.ExampleIndex;
import io.secai.kql.examples.ExampleLibrary;
import io.secai.kql.examples.ExampleVotes;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.kql.shortlist.TableShortlist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code secai kql examples "question"}: the library examples a KQL prompt for that question would show, over the
 * configured workspace's schema or a schema file.
 */
@Command(name = "examples", mixinStandardHelpOptions = true,
        description = "Print the library examples (plugins.sentinel-kql.library) picked for a question.")
public final class ExamplesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Parameters(arity = "1..*", description = "the question")
    List<String> words;
    @Option(names = "--schema", description = "schema file instead of the configured workspace's")
    Path schemaFile;
    @Option(names = "--catalog", description = "NL2KQL data catalog (YAML) merged into --schema")
    Path catalogFile;
    @Option(names = "-k", defaultValue = "3", description = "examples to pick (default ${DEFAULT-VALUE})")
    int count;

    private final ExampleLibrary library;
    private final Supplier<WorkspaceSchema> workspace;
    private final ObjectMapper json;

    /**
     * @param library the configured library
     * @param workspace the configured workspace's schema (read or cached)
     * @param json the mapper for schema files
     */
    public ExamplesCommand(ExampleLibrary library, Supplier<WorkspaceSchema> workspace, ObjectMapper json) {
        this.library = library;
        this.workspace = workspace;
        this.json = json;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!library.isConfigured()) {
            throw new SecAiException("No example library is configured: set plugins.sentinel-kql.library to a list"
                    + " of folders holding Markdown pages, .kql files or Sentinel rule YAML.");
        }
        WorkspaceSchema schema = schemaFile == null ? workspace.get()
                : new SchemaFiles(json).read(schemaFile, Optional.ofNullable(catalogFile));
        String question = String.join(" ", words);
        long started = System.nanoTime();
        ExampleIndex index = library.index(schema);
        long millis = (System.nanoTime() - started) / 1_000_000;
        ExampleVotes.Ranking ranking = ExampleVotes.defaults(index).rank(TableShortlist.of(schema), question, 5);
        List<String> tables = ranking.tables();
        List<ExampleIndex.Pick> picks = index.pick(question, Math.max(1, count), tables, Set.of());
        out.printf("%d examples usable on this workspace (%d refused by the guard; index ready in %d ms)."
                + " Tables shortlisted: %s%n", index.size(), index.refused(), millis, String.join(", ", tables));
        if (!ranking.votes().isEmpty()) {
            out.printf("Tables read by the %d nearest examples (vote 0-1, added to the shortlist score x %.1f): %s%n",
                    ExampleVotes.DEFAULT_NEIGHBOURS, ExampleVotes.DEFAULT_WEIGHT, String.join(", ",
                            ranking.votes().stream().map(v -> String.format(java.util.Locale.ROOT, "%s %.2f",
                                    v.table(), v.vote())).toList()));
        }
        if (picks.isEmpty()) {
            out.println("No example shares a word with the question.");
        }
        int rank = 1;
        for (ExampleIndex.Pick pick : picks) {
            out.printf("%n%d. %s  (%s; reads %s; score %.2f)%n", rank++, pick.example().title(),
                    pick.example().id(), String.join(", ", pick.tables()), pick.score());
            pick.example().kql().strip().lines().forEach(l -> out.println("   " + l));
        }
        return 0;
    }
}
