package io.secai.api;

/**
 * Masks SecAI's configured secrets (and bearer tokens, JWTs) in any text, in every encoding the engine knows:
 * literal, URL-encoded, JSON-escaped and Base64. The engine already masks what a plugin returns, logs and prints to
 * a command's streams; a plugin uses this for what it writes elsewhere (its own files, its own clients' logs).
 *
 * @since 1.1
 */
@FunctionalInterface
public interface Redactor {

    /** Leaves every text as it is: for tests and hosts that hold no secrets. */
    Redactor NONE = text -> text;

    /**
     * @param text any text, or null
     * @return the text with every secret replaced by {@code ***}; null stays null
     */
    String redact(String text);
}
