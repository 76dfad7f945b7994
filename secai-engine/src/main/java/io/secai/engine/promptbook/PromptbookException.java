package io.secai.engine.promptbook;

import io.secai.api.SecAiException;

/** A promptbook cannot be read, saved or run as asked; the message says why in the user's terms. */
public class PromptbookException extends SecAiException {
    private static final long serialVersionUID = 1L;

    /** @param message for the user */
    public PromptbookException(String message) {
        super(message);
    }

    /**
     * @param message for the user
     * @param cause what went wrong underneath
     */
    public PromptbookException(String message, Throwable cause) {
        super(message, cause);
    }
}
