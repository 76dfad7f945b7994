package io.secai.plugin.fetchurl.extract;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * When extraction must stop: a point in time and a cancellation flag, checked between units of work so that no
 * page, however it is built, holds a task longer than the limit or past the user's cancel.
 */
public final class Deadline {

    private final long endNanos;
    private final Duration limit;
    private final BooleanSupplier cancelled;

    private Deadline(long endNanos, Duration limit, BooleanSupplier cancelled) {
        this.endNanos = endNanos;
        this.limit = limit;
        this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
    }

    /**
     * @param limit how long from now
     * @param cancelled true once the user cancelled
     * @return the deadline
     */
    public static Deadline after(Duration limit, BooleanSupplier cancelled) {
        return new Deadline(System.nanoTime() + limit.toNanos(), limit, cancelled);
    }

    /** @return a deadline that never passes, for callers that bound time themselves */
    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE, null, () -> false);
    }

    /**
     * @throws ExtractionStoppedException once the deadline passed or the user cancelled
     */
    public void check() {
        if (cancelled.getAsBoolean()) {
            throw new ExtractionStoppedException(true, "cancelled");
        }
        if (limit != null && System.nanoTime() - endNanos > 0) {
            throw new ExtractionStoppedException(false, "took longer than " + limit.toMillis() + " ms");
        }
    }
}
