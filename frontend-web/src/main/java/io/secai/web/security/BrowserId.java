package io.secai.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A browser's long-lived, unguessable id, kept in its own cookie so that the same browser finds its sessions again
 * after the server restarts. It only names whose sessions a login sees: it never authenticates, the access token
 * still has to be shown at every login.
 *
 * @param value 256 random bits, URL-safe Base64 without padding
 */
public record BrowserId(String value) {

    /** The name of the cookie that carries it. */
    public static final String COOKIE = "secai_browser";

    /** How long the browser keeps the cookie; every login renews it. */
    public static final Duration LIFETIME = Duration.ofDays(180);

    private static final int BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

    public BrowserId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a browser id is 43 characters of URL-safe Base64");
        }
    }

    /**
     * @param cookie the cookie's value as the browser sent it, possibly null
     * @return the id, when the value has the exact shape of one this server mints
     */
    public static Optional<BrowserId> parse(String cookie) {
        return cookie != null && FORMAT.matcher(cookie).matches() ? Optional.of(new BrowserId(cookie)) : Optional.empty();
    }

    /**
     * @param random the source of the id
     * @return a new id
     */
    public static BrowserId mint(SecureRandom random) {
        return new BrowserId(AccessToken.randomText(random, BYTES));
    }

    /**
     * The owner the engine files this browser's sessions under: a hash, so that session files and logs never hold a
     * value that could be replayed as the cookie.
     *
     * @return {@code web:} and the hex SHA-256 of the id
     */
    public String owner() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return "web:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BrowserId[" + owner() + "]";
    }
}
