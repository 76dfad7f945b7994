package io.secai.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

import io.secai.engine.Engine;
import io.secai.terminal.LaterNotices;
import io.secai.terminal.render.Style;

/**
 * Runs a {@link Shell} on a dumb JLine terminal over pipes, as the launcher does when its input is not a terminal:
 * the test types lines, reads what the shell wrote, and can raise Ctrl-C the way JLine delivers it.
 */
final class ShellHarness implements AutoCloseable {
    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Terminal terminal;
    private final CompletableFuture<Integer> exit;

    ShellHarness(Engine engine, Path historyFile, Style style, int width) throws IOException {
        this(engine, historyFile, style, width, 0);
    }

    /**
     * @param height 0 for the dumb terminal of a pipe; else an xterm of that many lines over the pipes, as a user's
     *     terminal is (output is paged there)
     */
    ShellHarness(Engine engine, Path historyFile, Style style, int width, int height) throws IOException {
        PipedInputStream input = new PipedInputStream(keyboard, 64 * 1024);
        OutputStream output = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (screen) {
                    screen.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (screen) {
                    screen.write(b, off, len);
                }
            }
        };
        if (height > 0) {
            terminal = TerminalBuilder.builder().system(false).streams(input, output).type("xterm")
                    .encoding(StandardCharsets.UTF_8).size(new Size(width, height)).build();
        } else {
            terminal = new DumbTerminal("secai", Terminal.TYPE_DUMB, input, output, StandardCharsets.UTF_8);
            terminal.setSize(new Size(width, 40));
        }
        Consumer<Boolean> debugSwitch = on -> { };
        Shell shell = new Shell(engine, terminal, new Shell.Options("terminal:test", Optional.empty(),
                Optional.of(historyFile), style, false, debugSwitch, new LaterNotices()));
        exit = CompletableFuture.supplyAsync(shell::run);
    }

    void type(String line) throws IOException {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    /** Types keys without a line end, as the pager reads them. */
    void press(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    void endInput() throws IOException {
        keyboard.close();
    }

    /** Delivers Ctrl-C as JLine does when the operating system signals it. */
    void interrupt() {
        terminal.raise(Terminal.Signal.INT);
    }

    String output() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the shell has written the text, failing with what it wrote when it never does. */
    String awaitOutput(String text) throws InterruptedException {
        return awaitOutput(text, 1);
    }

    String awaitOutput(String text, int occurrences) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String output = output();
            if (count(output, text) >= occurrences) {
                return output;
            }
            Thread.sleep(20);
        }
        assertThat(output()).as("shell output").contains(text);
        return output();
    }

    private static int count(String haystack, String needle) {
        int count = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }

    int awaitExit() throws Exception {
        return exit.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        keyboard.close();
        terminal.close();
    }
}
