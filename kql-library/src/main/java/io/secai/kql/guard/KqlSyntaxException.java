package io.secai.kql.guard;

/** The query cannot be split into tokens (an unterminated string, a stray character). */
public final class KqlSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public KqlSyntaxException(String message) {
        super(message);
    }
}
