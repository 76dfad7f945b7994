package io.secai.terminal.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.secai.engine.Engine;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.engine.promptbook.Promptbook;
import io.secai.engine.promptbook.PromptbookException;
import io.secai.engine.promptbook.PromptbookLibrary;
import io.secai.engine.promptbook.PromptbookOutcome;
import io.secai.engine.promptbook.PromptbookRun;
import io.secai.engine.session.SessionInfo;
import io.secai.terminal.progress.ProgressPrinter;
import io.secai.terminal.render.OutcomeRenderer;
import io.secai.terminal.render.Style;
import io.secai.terminal.transcript.JsonOutcome;
import io.secai.terminal.transcript.MarkdownTranscript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code secai run NAME [KEY=VALUE ...]} (or {@code --input KEY=VALUE}): runs a promptbook in one session, step by step, and exits. Each
 * step's results go to standard output as {@code secai ask} writes them; the run stops at the first failed step.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a promptbook (see secai promptbooks) in one session, step by step, and exit. It stops at "
                + "the first step that fails.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every step succeeded",
            "1:a step failed",
            "2:unknown promptbook, wrong inputs, or a step was refused",
            "130:cancelled"})
final class RunCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--input", paramLabel = "KEY=VALUE", description = "A value for one of the promptbook's inputs;"
            + " repeat for each.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (rendered for the terminal), markdown or json. Default: ${DEFAULT-VALUE}.")
    AskCommand.Format format;

    @Parameters(index = "0", paramLabel = "NAME", description = "The promptbook's name.")
    String name;

    /** The shell's form, {@code run NAME KEY=VALUE ...}, which the demo's banner shows, works here too. */
    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", arity = "0..*",
            description = "Inputs as with --input, written after the name.")
    List<String> inputsAfterName = new ArrayList<>();

    private final SecAiCommand root;

    RunCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        ProcessIO io = root.io();
        Engine engine = root.engine();
        // What the start found (missing settings, the demo's banner) goes to stderr first, as ask shows it.
        java.util.Set<String> shown = java.util.concurrent.ConcurrentHashMap.newKeySet();
        engine.notices().stream().filter(shown::add).forEach(notice -> io.err().println("! " + notice));
        root.laterNotices().showThrough(notice -> {
            if (shown.add(notice)) {
                io.err().println("! " + notice);
            }
        });
        PromptbookLibrary library = PromptbookLibrary.load(engine.settings());
        Optional<Promptbook> promptbook = library.find(name);
        if (promptbook.isEmpty()) {
            io.err().println("No promptbook " + name + ". Known: " + String.join(", ",
                    library.all().stream().map(Promptbook::name).toList()) + " (see secai promptbooks).");
            library.problems().forEach(problem -> io.err().println("! " + problem));
            return AskCommand.EXIT_REFUSED;
        }
        Map<String, String> values;
        try {
            List<String> all = new ArrayList<>(inputs);
            all.addAll(inputsAfterName);
            values = Promptbook.inputs(all);
        } catch (PromptbookException e) {
            io.err().println(e.getMessage());
            return AskCommand.EXIT_REFUSED;
        }
        Optional<String> sessionId = root.sessionOption().isPresent()
                ? engine.sessions().find(root.owner(), root.sessionOption().get()).map(SessionInfo::id)
                : Optional.of(engine.sessions().create(root.owner()).id());
        if (sessionId.isEmpty()) {
            io.err().println("No session " + root.sessionOption().orElse("") + "; see secai sessions.");
            return AskCommand.EXIT_REFUSED;
        }
        boolean showProgress = io.interactive() && format == AskCommand.Format.text;
        OutcomeRenderer renderer = new OutcomeRenderer(io.style());
        PromptbookOutcome outcome;
        try (ProgressPrinter progress = new ProgressPrinter(new PrintWriter(new OutputStreamWriter(io.err(),
                Charset.defaultCharset()), true), showProgress ? io.style() : Style.PLAIN, io::width)) {
            PromptbookRun.StepListener steps = new PromptbookRun.StepListener() {
                @Override
                public void starting(int number, int total, String prompt) {
                    if (format == AskCommand.Format.text) {
                        synchronized (progress) {
                            io.out().println((number > 1 ? System.lineSeparator() : "")
                                    + io.style().bold("Step " + number + " of " + total + ": ") + prompt);
                            io.out().flush();
                        }
                    }
                }

                @Override
                public void finished(int number, int total, PromptbookOutcome.Step step) {
                    if (format == AskCommand.Format.text) {
                        synchronized (progress) {
                            text(renderer, step.outcome());
                        }
                    } else if (format == AskCommand.Format.markdown) {
                        io.out().print(MarkdownTranscript.prompt(step.prompt(), Instant.now(), step.outcome()));
                        io.out().flush();
                    }
                }
            };
            PromptbookRun run = PromptbookRun.start(engine, sessionId.get(), promptbook.get(), values,
                    showProgress ? progress : ProgressListener.NONE, steps);
            Thread cancelOnInterrupt = new Thread(run::cancel, "secai-cancel");
            Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
            try {
                outcome = run.outcome().join();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C arrived: the hook is already cancelling the run.
                }
            }
        }
        if (format == AskCommand.Format.json) {
            io.out().println(json(outcome));
        }
        io.out().flush();
        if (!outcome.succeeded()) {
            io.err().println(outcome.status() == PromptOutcome.Status.CANCELLED ? "Cancelled." : outcome.message());
        }
        return switch (outcome.status()) {
            case SUCCEEDED -> 0;
            case REFUSED -> AskCommand.EXIT_REFUSED;
            case CANCELLED -> AskCommand.EXIT_CANCELLED;
            case FAILED -> AskCommand.EXIT_FAILED;
        };
    }

    private void text(OutcomeRenderer renderer, PromptOutcome outcome) {
        ProcessIO io = root.io();
        int planned = Math.max(outcome.plan().size(), outcome.tasks().size());
        for (int i = 0; i < outcome.tasks().size(); i++) {
            if (i > 0) {
                io.out().println();
            }
            renderer.task(i, planned, outcome.tasks().get(i), io.width()).forEach(io.out()::println);
        }
        io.out().flush();
    }

    private String json(PromptbookOutcome outcome) {
        ObjectNode root = JSON.createObjectNode();
        root.put("promptbook", outcome.promptbook());
        root.put("session", outcome.sessionId());
        root.put("status", outcome.status().name());
        root.put("message", outcome.message());
        ArrayNode steps = root.putArray("steps");
        JsonOutcome writer = new JsonOutcome();
        for (PromptbookOutcome.Step step : outcome.steps()) {
            try {
                steps.add(JSON.readTree(writer.write(outcome.sessionId(), step.prompt(), step.outcome())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("JsonOutcome wrote invalid JSON", e);
            }
        }
        return root.toPrettyString();
    }
}
