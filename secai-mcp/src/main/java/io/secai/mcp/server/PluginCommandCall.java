package io.secai.mcp.server;

import io.secai.api.SecAiException;
import io.secai.engine.Engine;
import io.secai.engine.PluginCommand;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs a command a loaded plugin contributes ({@code kql run}, {@code fetch url}) and keeps what it printed. The
 * MCP tools reach the plugins this way because it is the host's one plugin-neutral way in: the command runs in the
 * plugin's own class loader with its own settings, and only text crosses the boundary.
 */
final class PluginCommandCall {

    /**
     * What a command printed.
     *
     * @param exitCode its exit code
     * @param out standard output
     * @param err standard error
     */
    record Output(int exitCode, String out, String err) {
        /** @return the error text, or the output when the command wrote no error */
        String reason() {
            String text = err.isBlank() ? out : err;
            return text.strip().isEmpty() ? "the command exited with code " + exitCode : text.strip();
        }
    }

    private final Engine engine;

    PluginCommandCall(Engine engine) {
        this.engine = engine;
    }

    /**
     * @param command the command's name ({@code kql}, {@code fetch})
     * @param args the words after it
     * @return what it printed
     * @throws SecAiException when no loaded plugin offers the command
     */
    Output run(String command, List<String> args) {
        PluginCommand found = engine.commands().stream().filter(c -> c.name().equals(command)).findFirst()
                .orElseThrow(() -> new SecAiException("No loaded plugin offers the '" + command + "' command"
                        + " this tool needs; see secai plugins."));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = found.run(args, new ByteArrayInputStream(new byte[0]), o, e);
        }
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
