package io.secai.terminal.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

import io.secai.terminal.render.Style;

/**
 * Shows output taller than the terminal a page at a time, as {@code more} does: Space shows the next page, Enter
 * the next line, {@code q} stops (the rest is skipped, and the line says how much). Off when the output is not a
 * terminal (a dumb terminal: pipes, files, tests of the plain shell) and when the setting {@code shell.pager} is
 * false; then every line is printed at once.
 */
final class Pager {
    /** The setting that turns paging off. */
    static final String SETTING = "shell.pager";

    private final Terminal terminal;
    private final PrintWriter out;
    private final Style style;
    private final boolean enabled;

    /**
     * @param terminal where keys come from and whose height is a page
     * @param out where lines go
     * @param style ANSI or plain
     * @param enabled whether the setting allows paging
     */
    Pager(Terminal terminal, PrintWriter out, Style style, boolean enabled) {
        this.terminal = terminal;
        this.out = out;
        this.style = style;
        this.enabled = enabled && !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    /** @return whether output is paged at all */
    boolean active() {
        return enabled;
    }

    /** @param lines what to show, paged when taller than the terminal */
    void print(List<String> lines) {
        int page = terminal.getHeight() - 1;
        if (!enabled || page < 4 || lines.size() <= page) {
            lines.forEach(out::println);
            out.flush();
            return;
        }
        Attributes saved = terminal.enterRawMode();
        try {
            int shown = 0;
            int step = page;
            while (shown < lines.size()) {
                int end = Math.min(lines.size(), shown + step);
                for (int i = shown; i < end; i++) {
                    out.println(lines.get(i));
                }
                shown = end;
                if (shown >= lines.size()) {
                    break;
                }
                out.print(style.dim("-- more: " + shown + " of " + lines.size()
                        + " lines; Space next page, Enter next line, q stop --"));
                out.flush();
                int key = terminal.reader().read();
                out.print("\r\u001b[K");
                if (key < 0 || key == 'q' || key == 'Q' || key == 3 || key == 27) {
                    out.println(style.dim("(" + (lines.size() - shown) + " more lines not shown)"));
                    break;
                }
                step = key == '\r' || key == '\n' ? 1 : page;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read a key for the pager", e);
        } finally {
            terminal.setAttributes(saved);
            out.flush();
        }
    }
}
