package io.secai.terminal.shell;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;

import io.secai.engine.Engine;
import io.secai.engine.session.SessionInfo;
import io.secai.terminal.render.Plural;
import io.secai.terminal.render.Style;
import io.secai.terminal.render.TableRenderer;
import io.secai.terminal.render.TextWidth;

/**
 * The shell's {@code sessions} command: list the user's sessions, and resume, delete or rename one by its id or the
 * first characters of it.
 */
final class SessionCommands {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final Engine engine;
    private final ShellState state;
    private final PrintWriter out;
    private final Style style;
    private final TableRenderer tables;
    private final IntSupplier width;

    SessionCommands(Engine engine, ShellState state, PrintWriter out, Style style, IntSupplier width) {
        this.engine = engine;
        this.state = state;
        this.out = out;
        this.style = style;
        this.tables = new TableRenderer(style);
        this.width = width;
    }

    /** {@code sessions [list | resume ID | delete ID | rename ID TITLE]}, already checked by {@link ShellCommand}. */
    void execute(List<String> args) {
        String action = args.isEmpty() ? "list" : args.get(0).toLowerCase(Locale.ROOT);
        switch (action) {
            case "resume" -> resume(args.get(1));
            case "delete" -> delete(args.get(1));
            case "rename" -> rename(args.get(1), String.join(" ", args.subList(2, args.size())));
            default -> list();
        }
    }

    private void resume(String idOrPrefix) {
        Optional<SessionInfo> found = find(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        state.use(found.get().id());
        println("Resumed session " + found.get().id() + " (" + Plural.of(found.get().turns(), "prompt") + ").");
    }

    private void delete(String idOrPrefix) {
        Optional<SessionInfo> found = find(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        engine.sessions().delete(state.owner(), found.get().id());
        boolean current = found.get().id().equals(state.currentId());
        if (current) {
            state.use(null);
        }
        println("Deleted session " + found.get().id() + " (" + Plural.of(found.get().turns(), "prompt") + ")."
                + (current ? " The next prompt starts a new one." : ""));
    }

    private void rename(String idOrPrefix, String title) {
        Optional<SessionInfo> found = find(idOrPrefix);
        if (found.isEmpty()) {
            return;
        }
        engine.sessions().rename(state.owner(), found.get().id(), title);
        println("Renamed session " + found.get().id() + " to \"" + TextWidth.singleLine(title.strip()) + "\".");
    }

    /** A session by its id or the first characters of it, saying so when none or several match. */
    private Optional<SessionInfo> find(String idOrPrefix) {
        Optional<SessionInfo> exact = engine.sessions().find(state.owner(), idOrPrefix);
        if (exact.isPresent()) {
            return exact;
        }
        String prefix = idOrPrefix.toLowerCase(Locale.ROOT);
        List<SessionInfo> matches = engine.sessions().list(state.owner()).stream()
                .filter(s -> s.id().toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
        if (matches.size() == 1) {
            return Optional.of(matches.get(0));
        }
        println(style.bad((matches.isEmpty() ? "No session " : Plural.of(matches.size(), "session") + " start with ")
                + TextWidth.singleLine(idOrPrefix) + (matches.isEmpty() ? "." : "; type more of the id.")
                + " Type sessions to list yours."));
        return Optional.empty();
    }

    private void list() {
        List<SessionInfo> sessions = engine.sessions().list(state.owner());
        if (sessions.isEmpty()) {
            println("No sessions yet.");
            return;
        }
        List<TableRenderer.Column> columns = List.of(new TableRenderer.Column("", false),
                new TableRenderer.Column("id", false, true), new TableRenderer.Column("title", false),
                new TableRenderer.Column("prompts", true), new TableRenderer.Column("tokens", true),
                new TableRenderer.Column("last used", false));
        List<List<String>> rows = sessions.stream().map(s -> List.of(s.id().equals(state.currentId()) ? "*" : "",
                s.id(), s.title(), String.valueOf(s.turns()), String.valueOf(s.usage().totalTokens()),
                WHEN.format(s.updated()))).toList();
        tables.render(columns, rows, width.getAsInt()).forEach(this::println);
        println(style.dim("* this session. Resume another with: sessions resume ID"));
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
