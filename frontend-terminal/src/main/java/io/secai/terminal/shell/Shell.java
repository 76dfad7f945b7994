package io.secai.terminal.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.api.TokenUsage;
import io.secai.engine.Engine;
import io.secai.engine.ModelUsage;
import io.secai.engine.PluginStatus;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.files.PrivateFiles;
import io.secai.engine.redaction.PromptSecrets;
import io.secai.engine.redaction.RedactingWriter;
import io.secai.engine.session.SessionInfo;
import io.secai.engine.session.SessionTranscript;
import io.secai.terminal.LaterNotices;
import io.secai.terminal.logging.LogSetup;
import io.secai.terminal.progress.ProgressPrinter;
import io.secai.terminal.render.MarkdownRenderer;
import io.secai.terminal.render.OutcomeRenderer;
import io.secai.terminal.render.Plural;
import io.secai.terminal.render.PluginReport;
import io.secai.terminal.render.Style;
import io.secai.terminal.render.TableRenderer;
import io.secai.terminal.render.TextWidth;
import io.secai.terminal.transcript.ArtifactExport;
import io.secai.terminal.transcript.MarkdownTranscript;
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
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(java.time.ZoneId.systemDefault());

    private final Engine engine;
    private final Terminal terminal;
    private final Options options;
    private final PrintWriter out;
    private final Style style;
    private final OutcomeRenderer outcomes;
    private final MarkdownRenderer markdown;
    private final TableRenderer tables;
    private final Pricing pricing;
    private final PromptbookShell promptbooks;
    /** The current session; null until the first prompt, so that no empty session is left behind. */
    private String sessionId;
    /** The user's {@code privacy on|off}, or null while they have not chosen (the setting decides). */
    private Boolean privacyChoice;
    private boolean debug;

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
        this.outcomes = new OutcomeRenderer(style);
        this.markdown = new MarkdownRenderer(style);
        this.tables = new TableRenderer(style);
        this.pricing = Pricing.from(engine.settings());
        this.debug = options.debug();
        this.promptbooks = new PromptbookShell(engine, terminal, options.owner(), style, outcomes, pricing,
                this::width);
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
        sessionId = startSession();
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
                    execute(command.get());
                } else if (misused.isPresent()) {
                    println(style.bad("Usage: " + misused.get().usage()) + style.dim("  (" + misused.get().summary()
                            + "; type help for all commands, or ask a whole question)"));
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

    /** The current session, created on the first prompt. */
    private String session() {
        if (sessionId == null) {
            sessionId = engine.sessions().create(options.owner()).id();
        }
        if (privacyChoice != null && engine.privacy().enabled(sessionId) != privacyChoice) {
            // The user's choice follows them into new and resumed sessions.
            engine.privacy().enable(sessionId, privacyChoice);
        }
        return sessionId;
    }

    /** JLine keeps the backslash and newline of a continued line; the prompt wants only the newline. */
    static String joinContinuations(String line) {
        return line.replace("\\\r\n", "\n").replace("\\\n", "\n");
    }

    private void execute(ShellCommand.Invocation invocation) {
        List<String> args = invocation.args();
        switch (invocation.command()) {
            case HELP -> help();
            case CLEAR -> clear();
            case NEW -> newSession();
            case PLUGINS -> PluginReport.lines(engine.plugins(), style).forEach(this::println);
            case SESSIONS -> {
                String action = args.isEmpty() ? "list" : args.get(0).toLowerCase(Locale.ROOT);
                switch (action) {
                    case "resume" -> resume(args.get(1));
                    case "delete" -> delete(args.get(1));
                    case "rename" -> rename(args.get(1), String.join(" ", args.subList(2, args.size())));
                    default -> listSessions();
                }
            }
            case EXPORT -> export(Path.of(args.get(0)));
            case USAGE -> usage();
            case DEBUG -> debug(args);
            case PRIVACY -> privacy(args);
            case PROMPTBOOKS -> promptbooks.list().forEach(this::println);
            case RUN -> promptbooks.run(session(), args);
            case SAVE_PROMPTBOOK -> promptbooks.save(sessionId, args.get(0));
            case EXIT -> throw new IllegalStateException("exit is handled by the read loop");
        }
    }

    private void help() {
        List<String> lines = new ArrayList<>();
        lines.add(style.bold("Commands"));
        for (ShellCommand command : ShellCommand.values()) {
            lines.add("  " + TextWidth.pad(command.usage(), 28, false) + " " + style.dim(command.summary()));
        }
        lines.add("  " + TextWidth.pad("anything else", 28, false) + " " + style.dim("a prompt for SecAI"));
        lines.add("");
        lines.add(style.bold("Plugins"));
        for (PluginStatus plugin : engine.plugins()) {
            lines.add("");
            if (!plugin.loaded()) {
                lines.add(style.bad(TextWidth.singleLine(plugin.name())) + " - not loaded: "
                        + TextWidth.singleLine(plugin.reason().orElse("unknown reason")));
                continue;
            }
            lines.add(style.accent(TextWidth.singleLine(plugin.name())) + " " + style.dim(plugin.version()));
            String help = plugin.helpText().isBlank() ? plugin.description() : plugin.helpText();
            for (String line : markdown.render(help, width() - 2)) {
                lines.add("  " + line);
            }
            for (Capability capability : plugin.capabilities()) {
                lines.add("  " + style.bullet() + " " + style.bold(TextWidth.singleLine(capability.name())) + ": "
                        + TextWidth.singleLine(capability.description()));
            }
        }
        lines.forEach(this::println);
    }

    /** Only the screen: the session's prompts stay, for its context and the next export ({@code new} starts over). */
    private void clear() {
        if (style.ansi()) {
            terminal.puts(InfoCmp.Capability.clear_screen);
            terminal.flush();
        }
        println(style.dim("Screen cleared; this session keeps its prompts (type new for a fresh session)."));
    }

    private void newSession() {
        sessionId = null;
        println("New session: the next prompt starts it without the earlier context.");
    }

    private void resume(String idOrPrefix) {
        Optional<SessionInfo> found = findSession(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        sessionId = found.get().id();
        println("Resumed session " + sessionId + " (" + Plural.of(found.get().turns(), "prompt") + ").");
    }

    private void delete(String idOrPrefix) {
        Optional<SessionInfo> found = findSession(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        engine.sessions().delete(options.owner(), found.get().id());
        boolean current = found.get().id().equals(sessionId);
        if (current) {
            sessionId = null;
        }
        println("Deleted session " + found.get().id() + " (" + Plural.of(found.get().turns(), "prompt") + ")."
                + (current ? " The next prompt starts a new one." : ""));
    }

    private void rename(String idOrPrefix, String title) {
        Optional<SessionInfo> found = findSession(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        engine.sessions().rename(options.owner(), found.get().id(), title);
        println("Renamed session " + found.get().id() + " to \"" + TextWidth.singleLine(title.strip()) + "\".");
    }

    /** A session by its id or the first characters of it, saying so when none or several match. */
    private Optional<SessionInfo> findSession(String idOrPrefix) {
        Optional<SessionInfo> exact = engine.sessions().find(options.owner(), idOrPrefix);
        if (exact.isPresent()) {
            return exact;
        }
        String prefix = idOrPrefix.toLowerCase(Locale.ROOT);
        List<SessionInfo> matches = engine.sessions().list(options.owner()).stream()
                .filter(s -> s.id().toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
        if (matches.size() == 1) {
            return Optional.of(matches.get(0));
        }
        println(style.bad((matches.isEmpty() ? "No session " : Plural.of(matches.size(), "session") + " start with ")
                + TextWidth.singleLine(idOrPrefix) + (matches.isEmpty() ? "." : "; type more of the id.")
                + " Type sessions to list yours."));
        return Optional.empty();
    }

    private void listSessions() {
        List<SessionInfo> sessions = engine.sessions().list(options.owner());
        if (sessions.isEmpty()) {
            println("No sessions yet.");
            return;
        }
        List<TableRenderer.Column> columns = List.of(new TableRenderer.Column("", false),
                new TableRenderer.Column("id", false, true), new TableRenderer.Column("title", false),
                new TableRenderer.Column("prompts", true), new TableRenderer.Column("tokens", true),
                new TableRenderer.Column("last used", false));
        List<List<String>> rows = sessions.stream().map(s -> List.of(s.id().equals(sessionId) ? "*" : "", s.id(),
                s.title(), String.valueOf(s.turns()), String.valueOf(s.usage().totalTokens()),
                WHEN.format(s.updated()))).toList();
        tables.render(columns, rows, width()).forEach(this::println);
        println(style.dim("* this session. Resume another with: sessions resume ID"));
    }

    private void export(Path file) {
        Optional<SessionTranscript> transcript = sessionId == null ? Optional.empty()
                : engine.sessions().transcript(options.owner(), sessionId);
        if (transcript.isEmpty()) {
            println(style.bad("No prompts in this session yet; nothing to export."));
            return;
        }
        Path target = file.toAbsolutePath();
        if (Files.exists(target)) {
            println(style.bad(target + " already exists; choose another name."));
            return;
        }
        Optional<Artifact> artifact = ArtifactExport.latest(transcript.get(), target);
        try {
            PrivateFiles.writeString(target, engine.redactor().redact(artifact.map(Artifact::value)
                    .orElseGet(() -> MarkdownTranscript.session(transcript.get()))));
        } catch (IOException e) {
            println(style.bad("Could not write " + target + ": " + e.getMessage()));
            return;
        }
        println(artifact.map(found -> "Exported the latest " + found.label() + " to " + target)
                .orElse("Exported " + Plural.of(transcript.get().turns().size(), "prompt") + " to " + target));
    }

    private void usage() {
        Optional<SessionTranscript> transcript = sessionId == null ? Optional.empty()
                : engine.sessions().transcript(options.owner(), sessionId);
        if (transcript.isEmpty() || transcript.get().turns().isEmpty()) {
            println("No prompts in this session yet.");
            return;
        }
        List<TableRenderer.Column> columns = List.of(new TableRenderer.Column("#", true),
                new TableRenderer.Column("prompt", false), new TableRenderer.Column("calls", true),
                new TableRenderer.Column("prompt tokens", true), new TableRenderer.Column("completion tokens", true),
                new TableRenderer.Column("cost", true));
        List<List<String>> rows = new ArrayList<>();
        TokenUsage total = TokenUsage.NONE;
        int number = 1;
        for (SessionTranscript.Turn turn : transcript.get().turns()) {
            TokenUsage usage = turn.outcome().usage();
            total = total.plus(usage);
            rows.add(List.of(String.valueOf(number++), turn.prompt(), String.valueOf(usage.calls()),
                    String.valueOf(usage.promptTokens()), String.valueOf(usage.completionTokens()),
                    pricing.costText(usage).orElse("-")));
        }
        rows.add(List.of("", "session total", String.valueOf(total.calls()), String.valueOf(total.promptTokens()),
                String.valueOf(total.completionTokens()), pricing.costText(total).orElse("-")));
        tables.render(columns, rows, width()).forEach(this::println);
        modelUsage();
        if (pricing.cost(total).isEmpty()) {
            println(style.dim("Set " + Pricing.PROMPT_KEY + " and " + Pricing.COMPLETION_KEY
                    + " (price per 1,000 tokens) to see an estimated cost."));
        }
    }

    /** Per model since the start, each priced by its own profile, so a cheap planner and a strong writer differ. */
    private void modelUsage() {
        List<ModelUsage> models = engine.modelUsage();
        if (models.isEmpty()) {
            return;
        }
        println("By model, since SecAI started:");
        List<TableRenderer.Column> columns = List.of(new TableRenderer.Column("profile", false),
                new TableRenderer.Column("model", false), new TableRenderer.Column("calls", true),
                new TableRenderer.Column("prompt tokens", true), new TableRenderer.Column("completion tokens", true),
                new TableRenderer.Column("cost", true));
        List<List<String>> rows = new ArrayList<>();
        boolean estimated = false;
        for (ModelUsage model : models) {
            estimated |= !model.exactTokens();
            rows.add(List.of(model.profile(), model.label() + (model.exactTokens() ? "" : " *"),
                    String.valueOf(model.usage().calls()), String.valueOf(model.usage().promptTokens()),
                    String.valueOf(model.usage().completionTokens()),
                    pricing.forModel(model).costText(model.usage()).orElse("-")));
        }
        tables.render(columns, rows, width()).forEach(this::println);
        if (estimated) {
            println(style.dim("* no known tokenizer for this model: where its server reports no usage, tokens are "
                    + "an estimate (about 4 characters per token)."));
        }
    }

    private void debug(List<String> args) {
        if (!args.isEmpty()) {
            debug = args.get(0).equalsIgnoreCase("on");
            options.debugSwitch().accept(debug);
        }
        println("Debug output is " + (debug ? "on" : "off") + ".");
    }

    private void privacy(List<String> args) {
        if (!args.isEmpty()) {
            privacyChoice = args.get(0).equalsIgnoreCase("on");
            if (sessionId != null) {
                engine.privacy().enable(sessionId, privacyChoice);
            }
        }
        boolean on = sessionId != null ? engine.privacy().enabled(sessionId)
                : privacyChoice != null ? privacyChoice : engine.settings().bool("privacy.anonymize", false);
        println("Anonymization is " + (on ? "on: user names, mail and IP addresses and host names reach the model "
                + "as placeholders such as USER_1 and IP_2; answers show the real values." : "off: the model sees results "
                + "as they are.") + " It applies from the next prompt.");
    }

    private void prompt(String text) {
        boolean fresh = sessionId == null;
        String session = session();
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
            sessionId = null;
        }
        outcomes.render(outcome, pricing, width()).forEach(this::println);
        if (!outcome.succeeded() && outcome.status() != PromptOutcome.Status.REFUSED) {
            // The details go to the log, so that the line below sends the user somewhere that has them.
            LOG.info("Prompt {}: {}", outcome.status(), outcome.message());
            outcome.tasks().stream().filter(task -> !task.result().succeeded()).forEach(task -> LOG.info(
                    "Task {}/{} failed: {}", task.task().plugin(), task.task().capability(), task.result().markdown()));
            if (debug) {
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
