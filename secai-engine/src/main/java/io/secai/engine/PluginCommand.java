package io.secai.engine;

import io.secai.api.CommandContribution;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * A command-line subcommand contributed by a loaded plugin, ready to run inside that plugin's class loader.
 *
 * @param plugin the contributing plugin's name
 * @param contribution the command
 * @param runner runs it with the plugin's class loader and context
 */
public record PluginCommand(String plugin, CommandContribution contribution, Runner runner) {

    /** @return the subcommand's name */
    public String name() {
        return contribution.name();
    }

    /** @return the one-line description */
    public String description() {
        return contribution.description();
    }

    /**
     * Runs the command.
     *
     * @param args the words after the command's name
     * @param in standard input
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        return runner.run(args, in, out, err);
    }

    /** Runs a contributed command in its plugin's context, turning failures into a message and exit code 1. */
    @FunctionalInterface
    public interface Runner {
        /**
         * @param args the words after the command's name
         * @param in standard input
         * @param out standard output
         * @param err standard error
         * @return the exit code
         */
        int run(List<String> args, InputStream in, PrintStream out, PrintStream err);
    }
}
