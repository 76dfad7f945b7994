package io.secai.plugin.kql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.CommandContribution;
import io.secai.plugin.kql.eval.EvalRun;
import io.secai.plugin.kql.eval.EvalSummary;
import io.secai.plugin.kql.eval.KqlEvaluation;
import io.secai.plugin.kql.eval.KqlPipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code secai eval kql FILE.jsonl}: scores SecAI's KQL on the owner's own questions, model and workspace.
 */
public final class EvalCommand {
    private final ObjectMapper json;
    private final KqlPipeline pipeline;

    /**
     * @param json the mapper
     * @param pipeline the plugin's KQL task and workspace
     */
    public EvalCommand(ObjectMapper json, KqlPipeline pipeline) {
        this.json = json;
        this.pipeline = pipeline;
    }

    /**
     * @param args the words after {@code eval}
     * @param io the streams
     * @return the exit code
     */
    public int run(List<String> args, CommandContribution.CommandIO io) {
        PrintWriter out = new PrintWriter(io.out(), true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(io.err(), true, StandardCharsets.UTF_8);
        CommandLine line = new CommandLine(new Root()).addSubcommand("kql", new Kql(io, out, err));
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            err.println("secai eval: " + e.getMessage());
            return 1;
        });
        return line.execute(args.toArray(String[]::new));
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate SecAI on your own questions.")
    static final class Root extends KqlCommand.Group {
    }

    @Command(name = "kql", mixinStandardHelpOptions = true,
            description = "Run each {\"question\", \"kql\"} line through SecAI's KQL task on the configured model"
                    + " and workspace, run the gold query too, and score: gold tables read, guard-valid, ran,"
                    + " result Jaccard, model calls, tokens, time.")
    final class Kql implements Callable<Integer> {
        @Parameters(index = "0", description = "JSON lines: {\"question\": ..., \"kql\": ...}")
        Path input;
        @Option(names = "--out", description = "results file (.json; records go to .jsonl beside it);"
                + " default: the input's name with .eval.json")
        Path output;
        @Option(names = "--limit", defaultValue = "0", description = "only the first N questions (0: all)")
        int limit;
        @Option(names = "--resume", description = "keep the scores of an earlier, interrupted run and go on")
        boolean resume;
        @Option(names = "--concurrency", defaultValue = "2",
                description = "questions at once, 1 to 5 (default ${DEFAULT-VALUE})")
        int concurrency;

        private final CommandContribution.CommandIO io;
        private final PrintWriter out;
        private final PrintWriter err;

        Kql(CommandContribution.CommandIO io, PrintWriter out, PrintWriter err) {
            this.io = io;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws Exception {
            Path results = output != null ? output : input.resolveSibling(
                    input.getFileName().toString().replaceFirst("\\.jsonl?$", "") + ".eval.json");
            KqlEvaluation evaluation = new KqlEvaluation(pipeline, io.plugin(), pipeline.schema(),
                    () -> Thread.currentThread().isInterrupted());
            var records = new EvalRun(json, evaluation, err).run(input, results, limit, resume, concurrency);
            EvalSummary.print(records, out);
            out.println("Results: " + results);
            return 0;
        }
    }
}
