package io.secai.api;

/** The user cancelled the running prompt. */
public class TaskCancelledException extends SecAiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a standard message. */
    public TaskCancelledException() {
        super("Cancelled.");
    }
}
