package io.secai.terminal.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.secai.engine.session.SessionInfo;
import io.secai.terminal.render.TableRenderer;
import picocli.CommandLine.Command;

/** {@code secai sessions}: the terminal user's sessions, most recent first, to resume with {@code --session ID}. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "List your sessions, most recently used first. Continue one with: secai --session ID")
final class SessionsCommand implements Callable<Integer> {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final SecAiCommand root;

    SessionsCommand(SecAiCommand root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        List<SessionInfo> sessions = root.engine().sessions().list(root.owner());
        if (sessions.isEmpty()) {
            root.io().out().println("No sessions yet.");
            return 0;
        }
        List<TableRenderer.Column> columns = List.of(new TableRenderer.Column("id", false, true),
                new TableRenderer.Column("first prompt", false), new TableRenderer.Column("prompts", true),
                new TableRenderer.Column("tokens", true), new TableRenderer.Column("last used", false));
        List<List<String>> rows = sessions.stream().map(s -> List.of(s.id(), s.title(), String.valueOf(s.turns()),
                String.valueOf(s.usage().totalTokens()), WHEN.format(s.updated()))).toList();
        new TableRenderer(root.io().style()).render(columns, rows, root.io().width()).forEach(root.io().out()::println);
        return 0;
    }
}
