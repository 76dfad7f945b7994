package io.secai.api;

/**
 * The version of this contract.
 *
 * <p>A plugin reports the version it was compiled against by returning {@link #CURRENT} from
 * {@link Plugin#apiVersion()}; because the constant is inlined by the compiler, the value is the one of the API jar
 * the plugin was built with, not of the host that runs it. The host loads a plugin when the major versions are equal
 * and the plugin's minor version is not newer than its own.
 *
 * @since 1.0
 */
public final class ApiVersion {
    /** The major version: changes when a change breaks plugins built against an older one. */
    public static final int MAJOR = 1;
    /** The minor version: changes when something is added without breaking older plugins. */
    public static final int MINOR = 1;
    /** {@code MAJOR.MINOR}, the value plugins return from {@link Plugin#apiVersion()}. */
    public static final String CURRENT = MAJOR + "." + MINOR;

    private ApiVersion() {
    }

    /**
     * Whether a plugin built against {@code builtAgainst} can run on this version of the API.
     *
     * @param builtAgainst a {@code MAJOR.MINOR} string as a plugin reported it
     * @return true when the majors are equal and the plugin's minor is not newer than this API's
     */
    public static boolean isCompatible(String builtAgainst) {
        if (builtAgainst == null) {
            return false;
        }
        String[] parts = builtAgainst.trim().split("\\.");
        if (parts.length != 2) {
            return false;
        }
        try {
            return Integer.parseInt(parts[0]) == MAJOR && Integer.parseInt(parts[1]) <= MINOR;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
