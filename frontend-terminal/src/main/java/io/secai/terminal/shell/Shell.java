package io.secai.terminal.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.secai.engine.Engine;
import io.secai.engine.PluginStatus;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.files.PrivateFiles;
import io.secai.engine.redaction.PromptSecrets;
import io.secai.engine.redaction.RedactingWriter;
import io.secai.engine.session.SessionInfo;
import io.secai.terminal.LaterNotices;
import io.secai.terminal.logging.LogSetup;
import io.secai.terminal.progress.ProgressPrinter;
import io.secai.terminal.render.OutcomeRenderer;
import io.secai.terminal.render.Plural;
import io.secai.terminal.render.Style;
import io.secai.terminal.render.TextWidth;
import io.secai.terminal.usage.Pricing;

/**
 * The interactive shell: reads lines with JLine (editing, history, completion, {@code \} to continue a line), runs
 * the shell's commands, and sends everything else to the engine as a prompt, showing its progress and result.
 *
 * <p>Ctrl-C while a prompt runs cancels that prompt; at an empty input line it asks for a second Ctrl-C before it
 * leaves.
 */
public final class Shell {
    private static final Logger LOG = LoggerFactory.getLogger(Shell.class);
    private static final int DEFAULT_WIDTH = 100;

    private final Engine engine;
    private final Terminal terminal;
    private final Options options;
    private final PrintWriter out;
    private final Style style;
    private final OutcomeRenderer outcomes;
    private final Pricing pricing;
    private final Pager pager;
    private final ShellState state;
    private final ShellCommands commands;

    /**
     * How the shell starts.
     *
     * @param owner who the sessions belong to
     * @param resumeSession a session to continue, from {@code --session}
     * @param historyFile where to keep the input history, or empty for none
     * @param style ANSI or plain output
     * @param debug whether detailed output is on at the start
     * @param debugSwitch turns detailed logging on or off
     * @param laterNotices notices the engine raises while the shell runs (a device code to enter)
     */
    public record Options(String owner, Optional<String> resumeSession, Optional<Path> historyFile, Style style,
                          boolean debug, Consumer<Boolean> debugSwitch, LaterNotices laterNotices) {
    }

    /**
     * @param engine the started engine
     * @param terminal the terminal to read from and write to
     * @param options how to start
     */
    public Shell(Engine engine, Terminal terminal, Options options) {
        this.engine = engine;
        this.terminal = terminal;
        this.options = options;
        // The screen shows nothing the redactor would mask: answers, errors and echoed plugin output alike.
        this.out = new PrintWriter(new RedactingWriter(terminal.writer(), engine.redactor()::redact));
        this.style = options.style();
        this.outcomes = new OutcomeRenderer(style, "show %d");
        this.pager = new Pager(terminal, out, style, engine.settings().bool(Pager.SETTING, true));
        this.pricing = Pricing.from(engine.settings());
        this.state = new ShellState(engine, options.owner(), options.debug());
        this.commands = new ShellCommands(engine, terminal, state, out, style, pager, outcomes, pricing,
                this::width, options.debugSwitch());
    }

    /**
     * Runs until the user leaves or the input ends.
     *
     * @return the process exit code
     */
    public int run() {
        LineReader reader = reader();
        greet();
        options.laterNotices().showThrough(notice -> reader.printAbove(style.warn("! "
                + TextWidth.singleLine(notice))));
        state.use(startSession());
        boolean interruptedOnce = false;
        while (true) {
            String line;
            try {
                line = reader.readLine(style.accent("secai") + "> ");
            } catch (UserInterruptException e) {
                if (e.getPartialLine() == null || e.getPartialLine().isBlank()) {
                    if (interruptedOnce) {
                        break;
                    }
                    interruptedOnce = true;
                    println(style.dim("(press Ctrl-C again to leave, or type bye)"));
                }
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            interruptedOnce = false;
            String text = joinContinuations(line).strip();
            if (text.isEmpty()) {
                continue;
            }
            Optional<ShellCommand.Invocation> command = ShellCommand.parse(text);
            if (command.isPresent() && command.get().command() == ShellCommand.EXIT) {
                break;
            }
            Optional<ShellCommand> misused = command.isPresent() ? Optional.empty() : ShellCommand.misused(text);
            try {
                if (command.isPresent()) {
                    commands.execute(command.get());
                } else if (misused.isPresent()) {
                    commands.misused(misused.get());
                } else {
                    prompt(text);
                }
            } catch (RuntimeException e) {
                LOG.error("Shell command failed: {}", text.length() > 80 ? text.substring(0, 80) : text, e);
                println(style.bad("Error: " + TextWidth.singleLine(String.valueOf(e.getMessage()))));
            }
        }
        saveHistory(reader);
        println(style.dim("Bye."));
        out.flush();
        return 0;
    }

    private LineReader reader() {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnEscapedNewLine(true);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("secai")
                .parser(parser)
                .completer(new ShellCompleter(() -> engine.sessions().list(options.owner()).stream()
                        .map(SessionInfo::id).toList()))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "  ... ")
                .variable(LineReader.HISTORY_SIZE, 2000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true);
        options.historyFile().ifPresent(file -> {
            try {
                // JLine appends to the file; made private first so the appends inherit the mode.
                PrivateFiles.touch(file);
            } catch (IOException e) {
                LOG.warn("Could not make the history file {} private", file, e);
            }
            builder.variable(LineReader.HISTORY_FILE, file);
        });
        builder.history(new MaskedHistory(new PromptSecrets(engine.redactor()::redact)));
        return builder.build();
    }

    private void greet() {
        println(style.accent("SecAI") + " - an assistant for security operations.");
        println(style.dim("Type a question, or help for commands. End a line with \\ to continue it. "
                + "Ctrl-C cancels a running prompt."));
        for (String notice : engine.notices()) {
            println(style.warn("! " + TextWidth.singleLine(notice)));
        }
        List<PluginStatus> plugins = engine.plugins();
        List<String> loaded = plugins.stream().filter(PluginStatus::loaded).map(PluginStatus::name).toList();
        List<PluginStatus> failed = plugins.stream().filter(p -> !p.loaded()).toList();
        StringBuilder summary = new StringBuilder("Plugins: ")
                .append(loaded.isEmpty() ? "none loaded" : String.join(", ", loaded));
        if (!failed.isEmpty()) {
            summary.append("; failed: ");
            for (int i = 0; i < failed.size(); i++) {
                PluginStatus status = failed.get(i);
                summary.append(i > 0 ? ", " : "").append(status.source().getFileName()).append(" (")
                        .append(status.reason().orElse("unknown reason")).append(')');
            }
            summary.append(". Type plugins for details.");
        }
        println(TextWidth.singleLine(summary.toString()));
    }

    private String startSession() {
        if (options.resumeSession().isPresent()) {
            Optional<SessionInfo> found = engine.sessions().find(options.owner(), options.resumeSession().get());
            if (found.isPresent()) {
                println(style.dim("Resumed session " + found.get().id() + " ("
                        + Plural.of(found.get().turns(), "prompt") + ")."));
                return found.get().id();
            }
            println(style.warn("No session " + TextWidth.singleLine(options.resumeSession().get())
                    + " for you; starting a new one."));
        }
        return null;
    }

    /** JLine keeps the backslash and newline of a continued line; the prompt wants only the newline. */
    static String joinContinuations(String line) {
        return line.replace("\\\r\n", "\n").replace("\\\n", "\n");
    }

    private void prompt(String text) {
        boolean fresh = state.currentId() == null;
        String session = state.session();
        PromptOutcome outcome;
        try (ProgressPrinter progress = new ProgressPrinter(out, style, this::width)) {
            PromptRun run = engine.submit(session, text, progress);
            Optional<PromptOutcome> finished = CtrlC.await(terminal, run.outcome(), run::cancel, progress);
            if (finished.isEmpty()) {
                return;
            }
            outcome = finished.get();
        }
        if (fresh && engine.sessions().find(options.owner(), session).map(SessionInfo::turns).orElse(0) == 0) {
            // A refused prompt records nothing: keep no empty session for it.
            engine.sessions().delete(options.owner(), session);
            state.use(null);
        }
        outcome.tasks().stream().map(task -> task.result().table()).flatMap(Optional::stream)
                .reduce((first, second) -> second).ifPresent(state::lastTable);
        pager.print(outcomes.render(outcome, pricing, width()));
        if (!outcome.succeeded() && outcome.status() != PromptOutcome.Status.REFUSED) {
            // The details go to the log, so that the line below sends the user somewhere that has them.
            LOG.info("Prompt {}: {}", outcome.status(), outcome.message());
            outcome.tasks().stream().filter(task -> !task.result().succeeded()).forEach(task -> LOG.info(
                    "Task {}/{} failed: {}", task.task().plugin(), task.task().capability(), task.result().markdown()));
            if (state.debug()) {
                println(style.dim("Run details are in " + LogSetup.logFile()));
            }
        }
    }

    private void saveHistory(LineReader reader) {
        if (options.historyFile().isEmpty()) {
            return;
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            LOG.warn("Could not save the history to {}", options.historyFile().get(), e);
        }
    }

    private int width() {
        int width = terminal.getWidth();
        return width > 0 ? width : DEFAULT_WIDTH;
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
