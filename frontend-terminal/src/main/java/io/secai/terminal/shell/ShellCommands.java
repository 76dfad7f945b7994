package io.secai.terminal.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.api.ResultTable;
import io.secai.engine.Engine;
import io.secai.engine.PluginStatus;
import io.secai.engine.files.PrivateFiles;
import io.secai.engine.session.SessionTranscript;
import io.secai.terminal.render.MarkdownRenderer;
import io.secai.terminal.render.OutcomeRenderer;
import io.secai.terminal.render.Plural;
import io.secai.terminal.render.PluginReport;
import io.secai.terminal.render.RowView;
import io.secai.terminal.render.Style;
import io.secai.terminal.render.TextWidth;
import io.secai.terminal.transcript.ArtifactExport;
import io.secai.terminal.transcript.MarkdownTranscript;
import io.secai.terminal.usage.Pricing;

/**
 * Runs the shell's own commands once {@link ShellCommand} has read a line as one: each command's work and its
 * messages. The read loop ({@link Shell}) decides between a command, a misused command and a prompt.
 */
final class ShellCommands {
    private final Engine engine;
    private final Terminal terminal;
    private final ShellState state;
    private final PrintWriter out;
    private final Style style;
    private final Pager pager;
    private final IntSupplier width;
    private final Consumer<Boolean> debugSwitch;
    private final MarkdownRenderer markdown;
    private final RowView rows;
    private final SessionCommands sessions;
    private final UsageReport usage;
    private final PromptbookShell promptbooks;

    /**
     * @param engine the started engine
     * @param terminal the terminal (for clearing the screen and the promptbook runs' Ctrl-C)
     * @param state the shell's session, choices and last table
     * @param out the redacting screen writer
     * @param style ANSI or plain output
     * @param pager shows long output a screen at a time
     * @param outcomes renders a prompt's outcome (for promptbook steps)
     * @param pricing prices token usage
     * @param width the terminal's width now
     * @param debugSwitch turns detailed logging on or off
     */
    ShellCommands(Engine engine, Terminal terminal, ShellState state, PrintWriter out, Style style, Pager pager,
                  OutcomeRenderer outcomes, Pricing pricing, IntSupplier width, Consumer<Boolean> debugSwitch) {
        this.engine = engine;
        this.terminal = terminal;
        this.state = state;
        this.out = out;
        this.style = style;
        this.pager = pager;
        this.width = width;
        this.debugSwitch = debugSwitch;
        this.markdown = new MarkdownRenderer(style);
        this.rows = new RowView(style);
        this.sessions = new SessionCommands(engine, state, out, style, width);
        this.usage = new UsageReport(engine, state, out, style, pricing, width);
        this.promptbooks = new PromptbookShell(engine, terminal, state.owner(), style, outcomes, pricing, width);
    }

    void execute(ShellCommand.Invocation invocation) {
        List<String> args = invocation.args();
        switch (invocation.command()) {
            case HELP -> help();
            case CLEAR -> clear();
            case NEW -> newSession();
            case PLUGINS -> PluginReport.lines(engine.plugins(), style).forEach(this::println);
            case SESSIONS -> sessions.execute(args);
            case EXPORT -> export(Path.of(args.get(0)));
            case SHOW -> show(Integer.parseInt(args.get(0).replace("#", "")));
            case USAGE -> usage.print();
            case DEBUG -> debug(args);
            case PRIVACY -> privacy(args);
            case PROMPTBOOKS -> promptbooks.list().forEach(this::println);
            case RUN -> promptbooks.run(state.session(), args);
            case SAVE_PROMPTBOOK -> promptbooks.save(state.currentId(), args.get(0));
            case EXIT -> throw new IllegalStateException("exit is handled by the read loop");
        }
    }

    /** A line that resembles {@code command} but does not fit it: the command's usage instead of a prompt. */
    void misused(ShellCommand command) {
        println(style.bad("Usage: " + command.usage()) + style.dim("  (" + command.summary()
                + "; type help for all commands, or ask a whole question)"));
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
            for (String line : markdown.render(help, width.getAsInt() - 2)) {
                lines.add("  " + line);
            }
            for (Capability capability : plugin.capabilities()) {
                lines.add("  " + style.bullet() + " " + style.bold(TextWidth.singleLine(capability.name())) + ": "
                        + TextWidth.singleLine(capability.description()));
            }
        }
        pager.print(lines);
    }

    /** Row N of the last prompt's table, every column whole. */
    private void show(int number) {
        Optional<ResultTable> last = state.lastTable();
        if (last.isEmpty()) {
            println(style.bad("No result with rows yet in this shell; show N opens row N of the last table."));
            return;
        }
        ResultTable table = last.get();
        if (number < 1 || number > table.rows().size()) {
            println(style.bad("The last result has " + Plural.of(table.rows().size(), "row")
                    + "; type show and a number from 1 to " + table.rows().size() + "."));
            return;
        }
        pager.print(rows.lines(table, number, width.getAsInt()));
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
        state.use(null);
        println("New session: the next prompt starts it without the earlier context.");
    }

    private void export(Path file) {
        Optional<SessionTranscript> transcript = state.currentId() == null ? Optional.empty()
                : engine.sessions().transcript(state.owner(), state.currentId());
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

    private void debug(List<String> args) {
        if (!args.isEmpty()) {
            state.debug(args.get(0).equalsIgnoreCase("on"));
            debugSwitch.accept(state.debug());
        }
        println("Debug output is " + (state.debug() ? "on" : "off") + ".");
    }

    private void privacy(List<String> args) {
        if (!args.isEmpty()) {
            boolean on = args.get(0).equalsIgnoreCase("on");
            state.choosePrivacy(on);
            if (state.currentId() != null) {
                engine.privacy().enable(state.currentId(), on);
            }
        }
        boolean on = state.currentId() != null ? engine.privacy().enabled(state.currentId())
                : state.privacyChoice().orElseGet(() -> engine.settings().bool("privacy.anonymize", false));
        println("Anonymization is " + (on ? "on: user names, mail and IP addresses and host names reach the model "
                + "as placeholders such as USER_1 and IP_2; answers show the real values." : "off: the model sees results "
                + "as they are.") + " It applies from the next prompt.");
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
