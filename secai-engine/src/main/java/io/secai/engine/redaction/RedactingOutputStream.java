package io.secai.engine.redaction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An output stream that masks secrets line by line before passing the text on. The engine hands these to plugin
 * commands instead of the real streams, so that a third-party plugin's output is masked whether or not it asks.
 *
 * <p>A secret can only be masked when seen whole, so text is held until a line ends (or {@link #MAX_LINE} bytes
 * pile up, when it is passed on at the last line break or as it is), and on {@link #close()} in full. On
 * {@link #flush()} it passes on complete lines only, unless made {@linkplain #console console-like}: a console's
 * writer flushes after a prompt or a progress line that has no line end yet, and must show it.
 */
public final class RedactingOutputStream extends OutputStream {

    /** Longest run held back waiting for a line end; keeps memory bounded when a plugin never writes one. */
    static final int MAX_LINE = 64 * 1024;

    private final OutputStream target;
    private final UnaryOperator<String> redaction;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final boolean flushPassesAll;

    /**
     * @param target where the masked text goes
     * @param redaction masks secrets in a text
     */
    public RedactingOutputStream(OutputStream target, UnaryOperator<String> redaction) {
        this(target, redaction, false);
    }

    private RedactingOutputStream(OutputStream target, UnaryOperator<String> redaction, boolean flushPassesAll) {
        this.target = Objects.requireNonNull(target, "target");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        this.flushPassesAll = flushPassesAll;
    }

    /**
     * A UTF-8 print stream for a console: masks line by line and passes everything on at each explicit flush. It
     * never flushes by itself (a secret printed in two pieces is still seen whole), so the caller flushes when done.
     *
     * @param target the console's stream
     * @param redaction masks secrets in a text
     * @return the masking print stream
     */
    public static PrintStream console(OutputStream target, UnaryOperator<String> redaction) {
        return new PrintStream(new RedactingOutputStream(target, redaction, true), false, StandardCharsets.UTF_8);
    }

    /**
     * @param target where the masked text goes
     * @param redaction masks secrets in a text
     * @return a UTF-8 print stream that masks, flushing at each line
     */
    public static PrintStream printStream(OutputStream target, UnaryOperator<String> redaction) {
        return new PrintStream(new RedactingOutputStream(target, redaction), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        pending.write(b);
        if (b == '\n' || pending.size() >= MAX_LINE) {
            drain(false);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        drain(flushPassesAll);
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        drain(true);
        target.flush();
    }

    private void drain(boolean all) throws IOException {
        if (pending.size() == 0) {
            return;
        }
        String text = pending.toString(StandardCharsets.UTF_8);
        int end = all ? text.length() : text.lastIndexOf('\n') + 1;
        if (end == 0) {
            if (pending.size() < MAX_LINE) {
                return;
            }
            // A run this long without a line break: pass it on, masked as it stands.
            end = text.length();
        }
        target.write(redaction.apply(text.substring(0, end)).getBytes(StandardCharsets.UTF_8));
        pending.reset();
        pending.write(text.substring(end).getBytes(StandardCharsets.UTF_8));
        target.flush();
    }
}
