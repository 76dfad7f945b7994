package io.secai.engine.redaction;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A writer that masks secrets before passing text on: what a terminal screen shows. Text is held until a line
 * ends or the writer is flushed (a terminal's writer is flushed after each prompt, answer or progress update), and
 * at most {@link RedactingOutputStream#MAX_LINE} characters are held.
 */
public final class RedactingWriter extends Writer {

    private final Writer target;
    private final UnaryOperator<String> redaction;
    private final StringBuilder pending = new StringBuilder();

    /**
     * @param target where the masked text goes
     * @param redaction masks secrets in a text
     */
    public RedactingWriter(Writer target, UnaryOperator<String> redaction) {
        this.target = Objects.requireNonNull(target, "target");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, chars.length);
        pending.append(chars, offset, length);
        int lastLine = pending.lastIndexOf("\n");
        if (pending.length() >= RedactingOutputStream.MAX_LINE) {
            pass(pending.length());
        } else if (lastLine >= 0) {
            pass(lastLine + 1);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        pass(pending.length());
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
    }

    private void pass(int end) throws IOException {
        if (end == 0) {
            return;
        }
        target.write(redaction.apply(pending.substring(0, end)));
        pending.delete(0, end);
    }
}
