package io.secai.api;

/**
 * An error whose message is written for the user: what went wrong and, where possible, what to do about it. The
 * engine shows the message as it is and keeps the session going.
 *
 * @since 1.0
 */
public class SecAiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message for the user
     */
    public SecAiException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message for the user
     * @param cause the underlying error, for the debug log
     */
    public SecAiException(String message, Throwable cause) {
        super(message, cause);
    }
}
