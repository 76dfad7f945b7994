package io.secai.api;

/**
 * The user cancelled the running prompt.
 *
 * @since 1.0
 */
public class TaskCancelledException extends SecAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a standard message. */
    public TaskCancelledException() {
        super("Cancelled.");
    }
}
