package io.secai.api;

/**
 * A setting that a feature needs is not configured. The message names the key, the environment variable that can
 * set it, and what it is for, in one line.
 */
public class MissingSettingException extends SecAiException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
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

    /** @return the configuration key */
    public String path() {
        return path;
    }
}
