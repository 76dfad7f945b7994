package io.secai.terminal.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import io.secai.terminal.render.Style;

/**
 * The process's streams and surroundings, so that commands never reach for {@link System} themselves.
 *
 * @param in standard input
 * @param out standard output
 * @param err standard error
 * @param interactive whether standard input and output are a terminal
 * @param environment the environment variables
 * @param workingDirectory where the user started SecAI ({@code .env} is read there)
 */
public record ProcessIO(InputStream in, PrintStream out, PrintStream err, boolean interactive,
                        Map<String, String> environment, Path workingDirectory) {
    private static final int DEFAULT_WIDTH = 120;

    /** @return this process's streams, environment and working directory */
    public static ProcessIO fromProcess() {
        return new ProcessIO(System.in, System.out, System.err, System.console() != null, System.getenv(),
                Path.of("").toAbsolutePath());
    }

    /**
     * The width to render one-shot output for: {@code COLUMNS} when the shell exports it, else 120.
     *
     * @return columns
     */
    public int width() {
        try {
            int columns = Integer.parseInt(environment.getOrDefault("COLUMNS", "").trim());
            return columns >= 20 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /**
     * Plain output when not on a terminal or when {@code NO_COLOR} is set (see no-color.org).
     *
     * @return the style for standard output
     */
    public Style style() {
        String noColor = environment.get("NO_COLOR");
        boolean colorRefused = noColor != null && !noColor.isEmpty();
        return interactive && !colorRefused ? Style.ANSI : Style.PLAIN;
    }
}
