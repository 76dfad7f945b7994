package io.secai.api;

import java.util.Objects;

/**
 * A subcommand a plugin adds to the {@code secai} command line: {@code secai <name> <args...>}.
 *
 * @param name the word after {@code secai} (for example {@code kql})
 * @param description one line for {@code secai --help}
 * @param handler what runs
 */
public record CommandContribution(String name, String description, Handler handler) {

    public CommandContribution {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(handler, "handler");
    }

    /** Runs the subcommand. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param args the words after the command's name; {@code --help} among them asks for usage
         * @param io standard streams and the plugin's context
         * @return the process exit code: 0 for success, 2 for a usage error, 1 for anything else
         * @throws Exception reported to the user by its message
         */
        int run(java.util.List<String> args, CommandIO io) throws Exception;
    }

    /**
     * The streams and context a subcommand works with.
     *
     * @param in standard input
     * @param out standard output, for results
     * @param err standard error, for messages
     * @param plugin the contributing plugin's context
     */
    public record CommandIO(java.io.InputStream in, java.io.PrintStream out, java.io.PrintStream err,
                            PluginContext plugin) {
    }
}
