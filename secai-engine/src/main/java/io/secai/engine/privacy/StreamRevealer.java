package io.secai.engine.privacy;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns tokens back in a streamed answer. A token can be split across two pieces ({@code US}, {@code ER_1}), so the
 * tail of a piece that could still grow into a token is held back until the next piece or the end.
 */
final class StreamRevealer implements Consumer<String> {

    /** A tail that may be the start of a token: letters, then maybe an underscore and digits. */
    private static final Pattern PARTIAL = Pattern.compile("[A-Z]{1,5}(?:_\\d{0,9})?$");

    private final Anonymizer anonymizer;
    private final Consumer<String> downstream;
    private final StringBuilder held = new StringBuilder();

    StreamRevealer(Anonymizer anonymizer, Consumer<String> downstream) {
        this.anonymizer = anonymizer;
        this.downstream = downstream;
    }

    @Override
    public synchronized void accept(String piece) {
        held.append(piece);
        var tail = PARTIAL.matcher(held);
        int keep = tail.find() ? tail.start() : held.length();
        if (keep > 0) {
            String ready = held.substring(0, keep);
            held.delete(0, keep);
            downstream.accept(anonymizer.reveal(ready));
        }
    }

    /** Hands on what is still held, at the end of the answer. */
    synchronized void finish() {
        if (!held.isEmpty()) {
            downstream.accept(anonymizer.reveal(held.toString()));
            held.setLength(0);
        }
    }
}
