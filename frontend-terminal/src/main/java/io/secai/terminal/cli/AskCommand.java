package io.secai.terminal.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.secai.engine.ProgressListener;
import io.secai.engine.Engine;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.session.SessionInfo;
import io.secai.terminal.progress.ProgressPrinter;
import io.secai.terminal.render.OutcomeRenderer;
import io.secai.terminal.render.Style;
import io.secai.terminal.transcript.JsonOutcome;
import io.secai.terminal.transcript.MarkdownTranscript;
import io.secai.terminal.usage.Pricing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code secai ask "PROMPT"}: answers one prompt and exits, for scripts. The answer goes to standard output;
 * a failure, a refusal or a cancellation is a message on standard error and a non-zero exit code.
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Answer one prompt and exit. The result goes to standard output; progress (on a terminal), "
                + "token usage and errors to standard error.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the prompt succeeded",
            "1:a task or the planning failed",
            "2:the prompt was refused (empty, too long, unknown session) or the command line is wrong",
            "3:the answer was given but could not be saved in the session or the audit log (full or read-only disk)",
            "130:the prompt was cancelled"})
final class AskCommand implements Callable<Integer> {
    /** Looked up when first used: logging's set-up is not paid by --version and --help, which never log. */
    private static Logger log() {
        return LoggerFactory.getLogger(AskCommand.class);
    }
    static final int EXIT_FAILED = 1;
    static final int EXIT_REFUSED = 2;
    static final int EXIT_NOT_SAVED = 3;
    static final int EXIT_CANCELLED = 130;

    /** Output formats. */
    enum Format { text, markdown, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (rendered for the terminal), markdown or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Parameters(paramLabel = "PROMPT", arity = "1..*",
            description = "What to ask; several words are joined with spaces.")
    List<String> words;

    private final SecAiCommand root;

    AskCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        ProcessIO io = root.io();
        String prompt = String.join(" ", words);
        Engine engine = root.engine();
        // What the start found and did (a dead process's lock taken over, an unfinished audited prompt closed,
        // temporary files removed, missing settings) goes to stderr as the shell and web show it, so a script's log
        // keeps it; a notice raised later is shown once even when the start's list already holds it.
        Set<String> shown = ConcurrentHashMap.newKeySet();
        for (String notice : engine.notices()) {
            if (shown.add(notice)) {
                io.err().println("! " + notice);
            }
        }
        root.laterNotices().showThrough(notice -> {
            if (shown.add(notice)) {
                io.err().println("! " + notice);
            }
        });
        Optional<String> sessionId = session(engine);
        if (sessionId.isEmpty()) {
            io.err().println("No session " + root.sessionOption().orElse("") + "; see secai sessions.");
            return EXIT_REFUSED;
        }
        PromptOutcome outcome;
        PromptRun run;
        boolean showProgress = io.interactive() && format == Format.text;
        try (ProgressPrinter progress = new ProgressPrinter(new PrintWriter(new OutputStreamWriter(io.err(),
                Charset.defaultCharset()), true), showProgress ? io.style() : Style.PLAIN, io::width)) {
            run = engine.submit(sessionId.get(), prompt, showProgress ? progress : ProgressListener.NONE);
            Thread cancelOnInterrupt = new Thread(run::cancel, "secai-cancel");
            Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
            try {
                outcome = run.outcome().join();
            } finally {
                removeHook(cancelOnInterrupt);
            }
        }
        if (root.sessionOption().isEmpty() && outcome.status() == PromptOutcome.Status.REFUSED) {
            // The session was made for this prompt, which recorded nothing: leave no empty session behind.
            engine.sessions().delete(root.owner(), sessionId.get());
        }
        Pricing pricing = Pricing.from(engine.settings());
        switch (format) {
            case json -> io.out().println(new JsonOutcome().write(sessionId.get(), prompt, outcome,
                    engine.modelUsage(), pricing));
            case markdown -> io.out().print(MarkdownTranscript.prompt(prompt, Instant.now(), outcome));
            case text -> {
                OutcomeRenderer renderer = new OutcomeRenderer(io.style());
                int planned = Math.max(outcome.plan().size(), outcome.tasks().size());
                for (int i = 0; i < outcome.tasks().size(); i++) {
                    if (i > 0) {
                        io.out().println();
                    }
                    renderer.task(i, planned, outcome.tasks().get(i), io.width()).forEach(io.out()::println);
                }
                if (outcome.status() != PromptOutcome.Status.REFUSED) {
                    io.err().println(renderer.usageLine(outcome.usage(), outcome.elapsed(), pricing));
                }
            }
        }
        io.out().flush();
        if (!outcome.succeeded()) {
            io.err().println(switch (outcome.status()) {
                case CANCELLED -> "Cancelled.";
                case REFUSED -> "Not run: " + outcome.message();
                default -> "Failed: " + outcome.message();
            });
        }
        Optional<String> notSaved = run.notSaved();
        notSaved.ifPresent(reason -> io.err().println("Not saved: " + reason));
        return switch (outcome.status()) {
            case SUCCEEDED -> notSaved.isPresent() ? EXIT_NOT_SAVED : 0;
            case REFUSED -> EXIT_REFUSED;
            case CANCELLED -> EXIT_CANCELLED;
            case FAILED -> EXIT_FAILED;
        };
    }

    private Optional<String> session(Engine engine) {
        if (root.sessionOption().isPresent()) {
            return engine.sessions().find(root.owner(), root.sessionOption().get()).map(SessionInfo::id);
        }
        return Optional.of(engine.sessions().create(root.owner()).id());
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived: the JVM is shutting down and the hook is already cancelling the prompt.
            log().debug("Shutdown in progress; the cancel hook stays", shuttingDown);
        }
    }
}
