package io.secai.api;

/**
 * A setting that a feature needs is not configured. The message names the key, the environment variable that can
 * set it, and what it is for, in one line.
 *
 * @since 1.0
 */
public class MissingSettingException extends SecAiException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * Creates the exception.
     *
     * @param path the configuration key
     * @param environmentVariable the variable that sets it, or null when there is none
     * @param purpose what the setting is for
     */
    public MissingSettingException(String path, String environmentVariable, String purpose) {
        super("Missing setting " + path
                + (environmentVariable == null ? "" : " (environment variable " + environmentVariable + ")")
                + ": " + purpose + ".");
        this.path = path;
    }

    /**
     * Gives the configuration key that is missing.
     *
     * @return the key
     */
    public String path() {
        return path;
    }
}
