package io.secai.api;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

/**
 * A subcommand a plugin adds to the {@code secai} command line: {@code secai <name> <args...>}.
 *
 * @since 1.0
 */
public final class CommandContribution {

    private final String name;
    private final String description;
    private final Handler handler;

    private CommandContribution(String name, String description, Handler handler) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Describes a subcommand.
     *
     * @param name the word after {@code secai} (for example {@code kql})
     * @param description one line for {@code secai --help}
     * @param handler what runs
     * @return the contribution
     */
    public static CommandContribution of(String name, String description, Handler handler) {
        return new CommandContribution(name, description, handler);
    }

    /**
     * Gives the word after {@code secai}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Gives the line shown by {@code secai --help}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Gives what runs.
     *
     * @return the handler
     */
    public Handler handler() {
        return handler;
    }

    @Override
    public String toString() {
        return "CommandContribution[name=" + name + ", description=" + description + "]";
    }

    /**
     * Runs the subcommand.
     *
     * @since 1.0
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs the subcommand with its arguments.
         *
         * @param args the words after the command's name; {@code --help} among them asks for usage
         * @param io standard streams and the plugin's context
         * @return the process exit code: 0 for success, 2 for a usage error, 1 for anything else
         * @throws Exception reported to the user by its message
         */
        int run(List<String> args, CommandIO io) throws Exception;
    }

    /**
     * The streams and context a subcommand works with; the host creates it.
     *
     * @since 1.0
     */
    public static final class CommandIO {
        private final InputStream in;
        private final PrintStream out;
        private final PrintStream err;
        private final PluginContext plugin;

        private CommandIO(InputStream in, PrintStream out, PrintStream err, PluginContext plugin) {
            this.in = in;
            this.out = out;
            this.err = err;
            this.plugin = plugin;
        }

        /**
         * Bundles the streams and context.
         *
         * @param in standard input
         * @param out standard output, for results
         * @param err standard error, for messages
         * @param plugin the contributing plugin's context
         * @return the bundle
         */
        public static CommandIO of(InputStream in, PrintStream out, PrintStream err, PluginContext plugin) {
            return new CommandIO(in, out, err, plugin);
        }

        /**
         * Gives standard input.
         *
         * @return the stream
         */
        public InputStream in() {
            return in;
        }

        /**
         * Gives standard output, for results.
         *
         * @return the stream
         */
        public PrintStream out() {
            return out;
        }

        /**
         * Gives standard error, for messages.
         *
         * @return the stream
         */
        public PrintStream err() {
            return err;
        }

        /**
         * Gives the contributing plugin's context.
         *
         * @return the context
         */
        public PluginContext plugin() {
            return plugin;
        }
    }
}
