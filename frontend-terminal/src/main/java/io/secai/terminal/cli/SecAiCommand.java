package io.secai.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

import io.secai.api.ApiVersion;
import io.secai.api.Redactor;
import io.secai.engine.auth.AuthMethod;
import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;
import io.secai.engine.PluginCommand;
import io.secai.engine.config.SecretRedactor;
import io.secai.engine.redaction.RedactingOutputStream;
import io.secai.terminal.DataDirectory;
import io.secai.terminal.LaterNotices;
import io.secai.terminal.demo.DemoMode;
import io.secai.terminal.logging.LogSetup;
import io.secai.terminal.shell.Shell;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code secai}: the root of the command line. Without a command it starts the shell; {@code secai interactive}
 * (an authentication method as the only word) does too, as the Python tool accepted. Any other first word is looked
 * up among the commands the loaded plugins contribute, which receive the rest of the line unparsed.
 *
 * <p>It owns the engine: started on first use with the global options, closed when the command ends.
 */
@Command(name = "secai",
        versionProvider = SecAiCommand.Version.class,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "",
        header = "SecAI: an AI assistant for security operations.",
        descriptionHeading = "%n",
        description = {
            "Ask in plain words; SecAI splits the request into tasks for its plugins (Microsoft Sentinel KQL, "
                    + "web pages, Azure OpenAI) and shows the results with the queries and URLs they used.",
            "",
            "Without a command, starts the interactive shell. secai help shows this text with the commands "
                    + "the plugins add; secai help COMMAND shows one command's options."},
        synopsisHeading = "%nUsage: ",
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {
            "Configuration: an application.conf given with --config, environment variables such as "
                    + "AZURE_OPENAI_ENDPOINT, or a .env file in the current folder. The log is written to "
                    + "<data-dir>/secai.log (secai.data-dir, default ~/.secai)."},
        subcommands = {AskCommand.class, PluginsCommand.class, SessionsCommand.class, WebCommand.class,
            McpCommand.class, PromptbooksCommand.class, RunCommand.class, DoctorCommand.class})
public final class SecAiCommand implements Callable<Integer>, AutoCloseable {
    static final String PLUGIN_COMMANDS_SECTION = "pluginCommands";
    private static final int HELP_WIDTH = 80;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "An application.conf (HOCON) to read.")
    Path config;

    @Option(names = "--plugins-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where plugin jars and folders are (default: secai.plugins-dir, else plugins-dir "
                    + "beside this launcher).")
    Path pluginsDir;

    @Option(names = "--auth", paramLabel = "METHOD", scope = ScopeType.INHERIT,
            converter = AuthMethods.Converter.class, completionCandidates = AuthMethods.Names.class,
            description = "How to sign in to Azure: ${COMPLETION-CANDIDATES} (default: azure.auth).")
    AuthMethod auth;

    @Option(names = "--session", paramLabel = "ID", scope = ScopeType.INHERIT,
            description = "Continue this session (see: secai sessions).")
    String session;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Log in detail to <data-dir>/secai.log.")
    boolean debug;

    @Option(names = "--demo", scope = ScopeType.INHERIT,
            description = "Run against a demo workspace and a recorded model inside this process: no Azure, no "
                    + "network, no configuration read; files go to a temporary folder removed at exit.")
    boolean demo;

    @Parameters(paramLabel = "AUTH | COMMAND", arity = "0..*",
            description = {"An authentication method (as --auth) to start the shell with, or a command that a "
                    + "plugin contributes, followed by its arguments (see Plugin commands)."})
    List<String> words = new ArrayList<>();

    private final EngineFactory engineFactory;
    private final AtomicReference<Redactor> redactor = new AtomicReference<>(new SecretRedactor(List.of()));
    private final ProcessIO io;
    private final LaterNotices laterNotices = new LaterNotices();
    private Engine engine;
    private CommandLine commandLine;
    /** Whether the help lists plugin commands, which needs the engine; {@code --help} stays fast without. */
    private boolean listPluginCommands;

    /**
     * @param engineFactory starts the engine
     * @param io the process's streams and surroundings
     */
    public SecAiCommand(EngineFactory engineFactory, ProcessIO io) {
        this.engineFactory = engineFactory;
        // Everything printed passes the redactor: until the engine has read the secrets it masks bearer tokens and
        // JWTs, afterwards the configured secrets too. Flushed when the command ends (close()).
        this.io = new ProcessIO(io.in(), RedactingOutputStream.console(io.out(), text -> redactor.get().redact(text)),
                RedactingOutputStream.console(io.err(), text -> redactor.get().redact(text)), io.interactive(),
                io.environment(), io.workingDirectory());
    }

    /**
     * The parser for this command: positional words after a plugin command stay unparsed, errors are one line,
     * and {@code --help} lists the commands of the loaded plugins.
     *
     * @return the command line, ready to execute
     */
    public CommandLine commandLine() {
        if (commandLine != null) {
            return commandLine;
        }
        CommandLine cmd = new CommandLine(this, new SubcommandFactory(this));
        cmd.getCommandSpec().parser().stopAtPositional(true);
        cmd.setOut(new PrintWriter(io.out(), true));
        cmd.setErr(new PrintWriter(io.err(), true));
        cmd.setExecutionExceptionHandler(new ErrorReporter(io));
        cmd.getHelpSectionMap().put(PLUGIN_COMMANDS_SECTION, help -> pluginCommandsHelp());
        List<String> keys = new ArrayList<>(cmd.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST) + 1,
                PLUGIN_COMMANDS_SECTION);
        cmd.setHelpSectionKeys(keys);
        commandLine = cmd;
        return cmd;
    }

    @Override
    public Integer call() throws IOException {
        if (words.isEmpty()) {
            return shell();
        }
        String first = words.get(0);
        if (first.equals("help")) {
            return help(words.subList(1, words.size()));
        }
        Optional<AuthMethod> positional = AuthMethod.find(first);
        if (words.size() == 1 && positional.isPresent()) {
            auth = positional.get();
            return shell();
        }
        Optional<PluginCommand> command = engine().commands().stream()
                .filter(c -> c.name().equals(first)).findFirst();
        if (command.isEmpty()) {
            io.err().println("Unknown command or authentication method: " + first
                    + ". Run secai --help for the commands.");
            return CommandLine.ExitCode.USAGE;
        }
        return command.get().run(List.copyOf(words.subList(1, words.size())), io.in(), io.out(), io.err());
    }

    /** {@code secai help [COMMAND]}: the usage, this time with the plugins' commands (so it starts the engine). */
    private int help(List<String> topic) {
        CommandLine cmd = commandLine();
        if (topic.isEmpty()) {
            listPluginCommands = true;
            cmd.usage(cmd.getOut());
            return CommandLine.ExitCode.OK;
        }
        CommandLine sub = cmd.getSubcommands().get(topic.get(0));
        if (sub == null) {
            io.err().println("No command " + topic.get(0) + ". Run secai help for the commands.");
            return CommandLine.ExitCode.USAGE;
        }
        sub.usage(cmd.getOut());
        return CommandLine.ExitCode.OK;
    }

    private int shell() throws IOException {
        Engine started = engine();
        Path dataDir = DataDirectory.of(started.settings());
        try (Terminal terminal = terminal()) {
            Shell.Options options = new Shell.Options(owner(), Optional.ofNullable(session),
                    Optional.of(dataDir.resolve("history")), io.style(), debug, LogSetup::setDebug, laterNotices);
            return new Shell(started, terminal, options).run();
        }
    }

    private Terminal terminal() throws IOException {
        if (io.interactive()) {
            return TerminalBuilder.builder().system(true).name("secai").build();
        }
        // Not a terminal: a dumb one straight over the streams (no pseudo-terminal in between, which would echo
        // the input), so that nothing is drawn or redrawn.
        return new DumbTerminal("secai", Terminal.TYPE_DUMB, io.in(), io.out(), Charset.defaultCharset());
    }

    /**
     * The engine, started on first use with the global options.
     *
     * @return the running engine
     */
    synchronized Engine engine() {
        if (engine == null && demo) {
            engine = DemoMode.start(engineFactory, pluginsDirectory(Optional.empty()), laterNotices,
                    dataDir -> LogSetup.configure(dataDir, debug), debug);
            redactor.set(engine.redactor());
            LogSetup.installRedactor(engine.redactor());
        }
        if (engine == null) {
            Optional<Config> file = readConfigFile();
            LogSetup.configure(file.filter(c -> c.hasPath(DataDirectory.KEY))
                    .map(c -> DataDirectory.expand(c.getString(DataDirectory.KEY)))
                    .orElse(DataDirectory.expand(DataDirectory.DEFAULT)), debug);
            EngineOptions options = new EngineOptions(Optional.ofNullable(config), pluginsDirectory(file),
                    Optional.ofNullable(auth).map(AuthMethod::configName), io.workingDirectory(), io.environment(),
                    Map.of());
            engine = engineFactory.start(options, laterNotices);
            LogSetup.configure(DataDirectory.of(engine.settings()), debug);
            redactor.set(engine.redactor());
            LogSetup.installRedactor(engine.redactor());
        }
        return engine;
    }

    /**
     * {@code --plugins-dir}, else the config file's {@code secai.plugins-dir} (left to the engine), else the folder
     * beside the launcher that the build fills.
     */
    private Optional<Path> pluginsDirectory(Optional<Config> file) {
        if (pluginsDir != null) {
            return Optional.of(pluginsDir.toAbsolutePath());
        }
        if (file.isPresent() && file.get().hasPath("secai.plugins-dir")) {
            return Optional.empty();
        }
        String home = System.getProperty("secai.home");
        return home == null ? Optional.empty() : Optional.of(Path.of(home, "plugins-dir").toAbsolutePath());
    }

    private Optional<Config> readConfigFile() {
        if (config == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigFactory.parseFile(config.toFile()));
        } catch (ConfigException e) {
            // The engine reads the file again and reports what is wrong with it in its own words.
            return Optional.empty();
        }
    }


    private String pluginCommandsHelp() {
        StringBuilder text = new StringBuilder(String.format("%nPlugin commands (from plugins-dir):%n"));
        if (!listPluginCommands) {
            // Listing them loads every plugin (seconds); --help answers at once and says where they are.
            return text.append("  Run secai help to list the commands the plugins add.")
                    .append(System.lineSeparator()).toString();
        }
        List<PluginCommand> commands;
        try {
            commands = engine().commands();
        } catch (RuntimeException e) {
            return text.append("  (not available: ").append(e.getMessage()).append(")").append(
                    System.lineSeparator()).toString();
        }
        if (commands.isEmpty()) {
            text.append("  (none: no loaded plugin adds a command; see secai plugins)").append(System.lineSeparator());
        }
        int nameWidth = Math.max(1, commands.stream().mapToInt(c -> c.name().length()).max().orElse(0));
        String indent = " ".repeat(nameWidth + 4);
        for (PluginCommand command : commands) {
            String description = command.description() + " (" + command.plugin() + ")";
            List<String> lines = wrap(description, Math.max(30, HELP_WIDTH - indent.length()));
            for (int i = 0; i < lines.size(); i++) {
                text.append(i == 0 ? "  " + String.format("%-" + nameWidth + "s", command.name()) + "  " : indent)
                        .append(lines.get(i)).append(System.lineSeparator());
            }
        }
        return text.toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** @return who the terminal user's sessions belong to */
    String owner() {
        return "terminal:" + System.getProperty("user.name", "user");
    }

    /** @return notices the engine raises after its start, held until a command shows them */
    LaterNotices laterNotices() {
        return laterNotices;
    }

    /** @return the process's streams and surroundings */
    ProcessIO io() {
        return io;
    }

    /** @return {@code --session}, when given */
    Optional<String> sessionOption() {
        return Optional.ofNullable(session);
    }

    @Override
    public synchronized void close() {
        io.out().flush();
        io.err().flush();
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** Prints the version of SecAI and of the plugin API it hosts. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(SecAiCommand.class.getPackage().getImplementationVersion())
                    .or(Version::fromBuild).orElse("unknown");
            return new String[] {"SecAI " + version + ", plugin API " + ApiVersion.CURRENT};
        }

        /** The project version the build wrote, the same the jars' manifests (and so each plugin's) carry. */
        private static Optional<String> fromBuild() {
            try (java.io.InputStream in = SecAiCommand.class
                    .getResourceAsStream("/io/secai/terminal/version.properties")) {
                if (in == null) {
                    return Optional.empty();
                }
                java.util.Properties properties = new java.util.Properties();
                properties.load(in);
                return Optional.ofNullable(properties.getProperty("version")).filter(v -> !v.startsWith("${"));
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }
    }

    /** Gives subcommands the root command, so they share its engine and streams. */
    private record SubcommandFactory(SecAiCommand root) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == AskCommand.class || type == PluginsCommand.class || type == SessionsCommand.class
                    || type == WebCommand.class || type == McpCommand.class || type == PromptbooksCommand.class
                    || type == RunCommand.class || type == DoctorCommand.class) {
                return type.cast(type.getDeclaredConstructor(SecAiCommand.class).newInstance(root));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
