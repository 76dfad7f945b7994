package io.secai.web.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browsers logged in to this server, by the random id their session cookie carries. Held in memory: a restart
 * logs everyone out. Thread-safe.
 */
public final class Logins {

    private static final int ID_BYTES = 32;

    private final SecureRandom random;
    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    private final Map<String, Login> byCookie = new ConcurrentHashMap<>();

    /**
     * @param random the source of cookie ids and CSRF tokens
     * @param clock the time
     * @param lifetime how long a login lasts
     * @param capacity how many logins are kept at most; the oldest goes first
     */
    public Logins(SecureRandom random, Clock clock, Duration lifetime, int capacity) {
        this.random = random;
        this.clock = clock;
        this.lifetime = lifetime;
        this.capacity = capacity;
    }

    /**
     * Records a new login.
     *
     * @param owner whose sessions the login sees
     * @return the cookie value and the login
     */
    public Issued create(String owner) {
        dropExpired();
        while (byCookie.size() >= capacity) {
            byCookie.entrySet().stream()
                    .min(Comparator.comparing(entry -> entry.getValue().created()))
                    .ifPresent(oldest -> byCookie.remove(oldest.getKey()));
        }
        String cookie = AccessToken.randomText(random, ID_BYTES);
        Login login = new Login(owner, AccessToken.randomText(random, ID_BYTES), clock.instant());
        byCookie.put(cookie, login);
        return new Issued(cookie, login);
    }

    /**
     * @param cookie the session cookie's value, possibly null
     * @return the login, when the cookie is known and not expired
     */
    public Optional<Login> find(String cookie) {
        if (cookie == null || cookie.isEmpty()) {
            return Optional.empty();
        }
        Login login = byCookie.get(cookie);
        if (login == null) {
            return Optional.empty();
        }
        if (expired(login, clock.instant())) {
            byCookie.remove(cookie);
            return Optional.empty();
        }
        return Optional.of(login);
    }

    /** @param cookie the session cookie's value to forget */
    public void remove(String cookie) {
        if (cookie != null) {
            byCookie.remove(cookie);
        }
    }

    /** @return how long a login lasts */
    public Duration lifetime() {
        return lifetime;
    }

    private void dropExpired() {
        Instant now = clock.instant();
        byCookie.values().removeIf(login -> expired(login, now));
    }

    private boolean expired(Login login, Instant now) {
        return login.created().plus(lifetime).isBefore(now);
    }

    /**
     * A login just created.
     *
     * @param cookie the value to set in the session cookie
     * @param login the login
     */
    public record Issued(String cookie, Login login) {
        @Override
        public String toString() {
            return "Issued[" + login + "]";
        }
    }
}
