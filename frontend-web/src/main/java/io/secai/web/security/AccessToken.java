package io.secai.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The secret that opens the web frontend. Compared in constant time; never printed by {@link #toString()}.
 */
public final class AccessToken {

    private static final int GENERATED_BYTES = 24;

    /** Shortest configured token accepted. */
    public static final int MIN_LENGTH = 32;

    /** Fewest different characters a configured token must hold, so that "aaaa..." or "1212..." is refused. */
    public static final int MIN_DISTINCT = 10;

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /**
     * The configured token, or a fresh random one when none is configured.
     *
     * @param configured the configured token, possibly empty
     * @param random where a generated token's bytes come from
     * @return the token
     */
    public static AccessToken configuredOrGenerated(String configured, SecureRandom random) {
        Objects.requireNonNull(configured, "configured");
        if (!configured.isBlank()) {
            String token = configured.strip();
            weakness(token).ifPresent(reason -> {
                throw new IllegalArgumentException("The web access token (web.token or --token) is too weak: "
                        + reason + ". Use at least " + MIN_LENGTH + " random characters (for example the output "
                        + "of 'openssl rand -base64 32'), or leave it empty to have a strong one generated.");
            });
            return new AccessToken(token);
        }
        return new AccessToken(randomText(random, GENERATED_BYTES));
    }

    /**
     * Why a token is too easy to guess, if it is.
     *
     * @param token a configured token
     * @return the reason, in words; empty when the token is strong enough
     */
    public static java.util.Optional<String> weakness(String token) {
        if (token.length() < MIN_LENGTH) {
            return java.util.Optional.of("it has " + token.length() + " characters, fewer than " + MIN_LENGTH);
        }
        long distinct = token.chars().distinct().count();
        if (distinct < MIN_DISTINCT) {
            return java.util.Optional.of("it uses only " + distinct + " different characters, fewer than "
                    + MIN_DISTINCT);
        }
        return java.util.Optional.empty();
    }

    /**
     * URL-safe random text, for tokens and identifiers nobody may guess.
     *
     * @param random the source
     * @param bytes how many random bytes
     * @return the text
     */
    public static String randomText(SecureRandom random, int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /**
     * Whether a presented value is this token, taking the same time whatever the mismatch.
     *
     * @param presented what the client sent, possibly null
     * @return whether it matches
     */
    public boolean matches(String presented) {
        return presented != null && constantTimeEquals(value, presented);
    }

    /** @return the token itself, to show the operator once at start */
    public String reveal() {
        return value;
    }

    /**
     * Compares two secrets without leaking where they differ through timing.
     *
     * @param expected the secret
     * @param presented what was sent
     * @return whether they are equal
     */
    static boolean constantTimeEquals(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}
