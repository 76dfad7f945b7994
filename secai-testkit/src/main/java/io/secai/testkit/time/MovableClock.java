package io.secai.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that stands still until the test moves it, so that expiry and "most recent" do not depend on how fast
 * the machine is. Safe to read from the threads of the code under test.
 */
public final class MovableClock extends Clock {

    private volatile Instant now;

    /** @param start the instant the clock shows until it is moved */
    public MovableClock(Instant start) {
        this.now = start;
    }

    /** @param instant the instant the clock shows from now on */
    public void set(Instant instant) {
        now = instant;
    }

    /** @param step how far to move the clock forward */
    public void advance(Duration step) {
        now = now.plus(step);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
