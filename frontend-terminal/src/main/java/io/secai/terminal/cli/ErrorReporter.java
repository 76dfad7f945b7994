package io.secai.terminal.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.secai.api.SecAiException;
import io.secai.terminal.logging.LogSetup;
import picocli.CommandLine;

/**
 * Turns an exception that escaped a command into one line on standard error and an exit code. SecAI's own
 * exceptions carry a message written for the user; anything else is a fault whose details go to the log.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    /** Looked up when first used: logging's set-up is not paid by --version and --help, which never log. */
    private static Logger log() {
        return LoggerFactory.getLogger(ErrorReporter.class);
    }

    private final ProcessIO io;

    ErrorReporter(ProcessIO io) {
        this.io = io;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        if (e instanceof CommandLine.ParameterException parameter) {
            io.err().println(parameter.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        if (e instanceof SecAiException) {
            log().info("Command {} failed: {}", command.getCommandName(), e.getMessage(), e);
            io.err().println(e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        log().error("Command {} failed unexpectedly", command.getCommandName(), e);
        io.err().println("Unexpected error: " + e + " (details in " + LogSetup.logFile() + ")");
        return CommandLine.ExitCode.SOFTWARE;
    }
}
