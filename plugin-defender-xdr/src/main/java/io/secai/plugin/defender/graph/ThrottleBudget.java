package io.secai.plugin.defender.graph;

import java.time.Duration;

/** The time one task may spend waiting on throttled or failing Graph calls, all calls together. */
public final class ThrottleBudget {
    private final Duration limit;
    private Duration spent = Duration.ZERO;

    /** @param limit the most waiting in all */
    public ThrottleBudget(Duration limit) {
        this.limit = limit;
    }

    /**
     * Books a wait when it fits.
     *
     * @param wait the wait asked for
     * @return whether it fits in what is left (and is now booked)
     */
    public synchronized boolean take(Duration wait) {
        Duration after = spent.plus(wait);
        if (after.compareTo(limit) > 0) {
            return false;
        }
        spent = after;
        return true;
    }

    /** @return the limit */
    public Duration limit() {
        return limit;
    }

    /** @return seconds waited so far */
    public synchronized long spentSeconds() {
        return spent.toSeconds();
    }

    /** @return seconds left */
    public synchronized long remainingSeconds() {
        return limit.minus(spent).toSeconds();
    }
}
