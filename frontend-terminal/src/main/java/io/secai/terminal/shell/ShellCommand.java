package io.secai.terminal.shell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.secai.engine.promptbook.Promptbook;

/**
 * The shell's own commands. A line is one of them only when it has exactly the command's shape ({@code export}
 * with one file name, {@code debug on}); a line that only looks like a mistyped or incomplete command
 * ({@link #misused}) gets the command's usage; anything else, such as "help me read this log", is a prompt.
 */
enum ShellCommand {
    HELP(List.of("help"), "", "what SecAI can do and each plugin's help", 0, 0),
    CLEAR(List.of("clear"), "", "clear the screen (the session keeps its prompts)", 0, 0),
    NEW(List.of("new"), "", "start a new session", 0, 0),
    EXIT(List.of("bye", "exit", "quit"), "", "leave SecAI", 0, 0),
    PLUGINS(List.of("plugins"), "", "the plugins found, loaded or failed", 0, 0),
    SESSIONS(List.of("sessions"), "[list | resume ID | delete ID | rename ID TITLE]",
            "your sessions; resume, delete or rename one (an id's first characters are enough)", 0,
            Integer.MAX_VALUE),
    EXPORT(List.of("export"), "FILE", "write this session as Markdown to FILE; a .json, .bicep, .yaml or .kql "
            + "FILE gets the latest ARM template, Bicep, detection YAML or KQL instead", 1, 1),
    USAGE(List.of("usage"), "", "tokens and estimated cost per prompt and for the session", 0, 0),
    DEBUG(List.of("debug"), "on|off", "detailed log and error output", 0, 1),
    PRIVACY(List.of("privacy"), "on|off", "anonymize user, mail, IP and host values before they reach the model", 0,
            1),
    PROMPTBOOKS(List.of("promptbooks"), "", "the promptbooks (saved investigations) and their inputs", 0, 0),
    RUN(List.of("run"), "NAME [KEY=VALUE ...]", "run a promptbook in this session, step by step", 1, 64),
    SAVE_PROMPTBOOK(List.of("save-promptbook"), "NAME", "save this session's prompts as a promptbook", 1, 1);

    private final List<String> names;
    private final String arguments;
    private final String summary;
    private final int minArgs;
    private final int maxArgs;

    ShellCommand(List<String> names, String arguments, String summary, int minArgs, int maxArgs) {
        this.names = names;
        this.arguments = arguments;
        this.summary = summary;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    List<String> names() {
        return names;
    }

    String usage() {
        return String.join(" | ", names) + (arguments.isEmpty() ? "" : " " + arguments);
    }

    String summary() {
        return summary;
    }

    /**
     * A line the user typed, read as a command.
     *
     * @param command the command
     * @param args its arguments
     */
    record Invocation(ShellCommand command, List<String> args) {
    }

    /**
     * @param line a trimmed line; a leading {@code /} is allowed ({@code /help})
     * @return the command, or empty when the line is a prompt
     */
    static Optional<Invocation> parse(String line) {
        String text = line.startsWith("/") ? line.substring(1) : line;
        if (text.contains("\n")) {
            return Optional.empty();
        }
        List<String> words = List.of(text.trim().split("\\s+"));
        String name = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        for (ShellCommand command : values()) {
            if (command.names.contains(name) && args.size() >= command.minArgs && args.size() <= command.maxArgs
                    && command.accepts(args)) {
                return Optional.of(new Invocation(command, args));
            }
        }
        return Optional.empty();
    }

    /**
     * A line that is none of the commands but was meant as one: it starts with {@code /}, or it names a command
     * that takes arguments and is too short to be a question ({@code export}, {@code sessions foo},
     * {@code debug maybe}), or it names a {@code sessions} action with the wrong arguments
     * ({@code sessions rename ID}). Such a line gets the command's usage rather than going to the model.
     *
     * @param line a trimmed line that {@link #parse} did not take
     * @return the command it resembles, or empty when the line is a prompt
     */
    static Optional<ShellCommand> misused(String line) {
        boolean slash = line.startsWith("/");
        String text = slash ? line.substring(1) : line;
        if (text.contains("\n") || text.isBlank()) {
            return Optional.empty();
        }
        List<String> words = List.of(text.trim().split("\\s+"));
        String name = words.get(0).toLowerCase(Locale.ROOT);
        for (ShellCommand command : values()) {
            if (!command.names.contains(name)) {
                continue;
            }
            boolean takesArguments = command.maxArgs > 0;
            boolean sessionAction = command == SESSIONS && words.size() > 1
                    && SESSION_ACTIONS.contains(words.get(1).toLowerCase(Locale.ROOT));
            if (slash || takesArguments && words.size() <= 2 || sessionAction) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }

    private static final List<String> SESSION_ACTIONS = List.of("list", "resume", "delete", "rename");

    private boolean accepts(List<String> args) {
        return switch (this) {
            case DEBUG, PRIVACY -> args.isEmpty()
                    || List.of("on", "off").contains(args.get(0).toLowerCase(Locale.ROOT));
            case SESSIONS -> args.isEmpty() || args.size() == 1 && args.get(0).equalsIgnoreCase("list")
                    || args.size() == 2 && List.of("resume", "delete").contains(args.get(0).toLowerCase(Locale.ROOT))
                    || args.size() >= 3 && args.get(0).equalsIgnoreCase("rename");
            case RUN -> Promptbook.NAME.matcher(args.get(0)).matches()
                    && PromptbookShell.words(String.join(" ", args.subList(1, args.size()))).stream()
                    .allMatch(word -> word.indexOf('=') > 0);
            case SAVE_PROMPTBOOK -> Promptbook.NAME.matcher(args.get(0)).matches();
            default -> true;
        };
    }
}
