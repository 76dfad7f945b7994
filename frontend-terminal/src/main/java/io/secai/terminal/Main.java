package io.secai.terminal;

import io.secai.engine.Engines;
import io.secai.terminal.cli.EngineFactory;
import io.secai.terminal.cli.ProcessIO;
import io.secai.terminal.cli.SecAiCommand;

/** The {@code secai} launcher's entry point. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, Engines::start, ProcessIO.fromProcess()));
    }

    /**
     * Runs the command line without exiting.
     *
     * @param args the command line
     * @param engines starts the engine
     * @param io the process's streams and surroundings
     * @return the exit code
     */
    public static int run(String[] args, EngineFactory engines, ProcessIO io) {
        try (SecAiCommand root = new SecAiCommand(engines, io)) {
            return root.commandLine().execute(args);
        }
    }
}
