package io.secai.web.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down guessing of the access token, per client address: after {@link Limits#freeAttempts()} wrong tokens
 * in a row, each further one locks the client out for twice as long as the one before, starting at
 * {@link Limits#firstDelay()} and never longer than {@link Limits#lockout()}. A locked-out client is answered
 * {@code 429} with {@code Retry-After} without its token being looked at, so guessing gains nothing. A right token
 * (once the lockout passed) forgets the failures, and so does a lockout window of quiet after the last lockout.
 *
 * <p>Memory is bounded: at most {@link #MAX_CLIENTS} addresses are tracked, the least recently failing dropped
 * first.
 */
public final class LoginThrottle {

    /**
     * How hard guessing is made.
     *
     * @param freeAttempts wrong tokens allowed in a row before delays start (typos happen)
     * @param firstDelay the first lockout
     * @param lockout the longest lockout, and how long failures are remembered
     */
    public record Limits(int freeAttempts, Duration firstDelay, Duration lockout) {

        /** Five free attempts, then 1 s, 2 s, 4 s, ... up to 15 minutes. */
        public static final Limits DEFAULT = new Limits(5, Duration.ofSeconds(1), Duration.ofMinutes(15));

        public Limits {
            if (freeAttempts < 0) {
                throw new IllegalArgumentException("web.login.free-attempts must be 0 or more, not " + freeAttempts);
            }
            Objects.requireNonNull(firstDelay, "firstDelay");
            Objects.requireNonNull(lockout, "lockout");
            if (firstDelay.isNegative() || firstDelay.isZero() || lockout.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("web.login.first-delay must be positive and web.login.lockout at "
                        + "least as long, not " + firstDelay + " and " + lockout);
            }
        }
    }

    /** Tracked client addresses at most. */
    static final int MAX_CLIENTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** Failures of one client. */
    private record Failures(int count, Instant last, Instant lockedUntil) {
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, Failures> clients = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param limits how hard guessing is made
     * @param clock the time
     */
    public LoginThrottle(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param client the client's address
     * @return how long the client must still wait before a token of its is looked at; empty when it may try
     */
    public synchronized Optional<Duration> lockedOut(String client) {
        Failures failures = current(client);
        if (failures == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), failures.lockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /**
     * Records a wrong token.
     *
     * @param client the client's address
     */
    public synchronized void failed(String client) {
        Instant now = clock.instant();
        Failures before = current(client);
        int count = before == null ? 1 : before.count() + 1;
        Instant lockedUntil = now;
        if (count > limits.freeAttempts()) {
            Duration delay = delay(count - limits.freeAttempts());
            lockedUntil = now.plus(delay);
            LOG.warn("Web login: {} wrong access tokens in a row from {}; locked out for {} ms", count, client,
                    delay.toMillis());
        } else {
            LOG.info("Web login: wrong access token from {} ({} in a row)", client, count);
        }
        clients.put(client, new Failures(count, now, lockedUntil));
        while (clients.size() > MAX_CLIENTS) {
            clients.remove(clients.keySet().iterator().next());
        }
    }

    /**
     * Forgets a client's failures after a right token.
     *
     * @param client the client's address
     */
    public synchronized void succeeded(String client) {
        if (clients.remove(client) != null) {
            LOG.info("Web login: right access token from {} after earlier failures", client);
        }
    }

    /** Doubling from the first delay, capped at the lockout window (computed without overflow). */
    private Duration delay(int lockoutNumber) {
        Duration delay = limits.firstDelay();
        for (int i = 1; i < lockoutNumber && delay.compareTo(limits.lockout()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(limits.lockout()) > 0 ? limits.lockout() : delay;
    }

    /**
     * The client's failures, unless a lockout window of quiet has passed since its lockout ended: a guesser who
     * waits out each lockout keeps paying the longest one.
     */
    private Failures current(String client) {
        Failures failures = clients.get(client);
        if (failures == null) {
            return null;
        }
        Instant forgotten = failures.lockedUntil().plus(limits.lockout());
        if (!clock.instant().isBefore(forgotten)) {
            clients.remove(client);
            return null;
        }
        return failures;
    }
}
