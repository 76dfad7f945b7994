package io.secai.engine.audit;

import io.secai.api.SecAiException;

/** The audit log could not be written; the message names the file and the reason. */
public class AuditException extends SecAiException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message for the user
     * @param cause the underlying error
     */
    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
