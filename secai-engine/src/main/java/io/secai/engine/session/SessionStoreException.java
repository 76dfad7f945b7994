package io.secai.engine.session;

import io.secai.api.SecAiException;

/** A session could not be read or written; the message names the file and the reason. */
public class SessionStoreException extends SecAiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message for the user
     * @param cause the underlying error
     */
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
