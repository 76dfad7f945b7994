package io.secai.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only access to SecAI's configuration by dotted path (for example {@code plugins.sentinel-kql.row-cap}).
 *
 * <p>The host merges built-in defaults, {@code application.conf}, a {@code .env} file and environment variables
 * before a plugin sees them. A plugin ships its defaults in a {@code reference.conf} at the root of its jar.
 *
 * @since 1.0
 */
public interface Settings {

    /**
     * A text setting.
     *
     * @param path the dotted path
     * @return the value, or empty when unset or blank
     */
    Optional<String> string(String path);

    /**
     * A text setting that must be present.
     *
     * @param path the dotted path
     * @param purpose what it is for, to complete the message when it is missing
     * @return the value
     * @throws MissingSettingException naming the key, its environment variable and the purpose
     */
    String require(String path, String purpose);

    /**
     * An integer setting.
     *
     * @param path the dotted path
     * @param fallback the value when unset
     * @return the integer value
     */
    int integer(String path, int fallback);

    /**
     * A boolean setting.
     *
     * @param path the dotted path
     * @param fallback the value when unset
     * @return the boolean value ({@code true}, {@code false}, {@code yes}, {@code no}, any case)
     */
    boolean bool(String path, boolean fallback);

    /**
     * A duration setting.
     *
     * @param path the dotted path
     * @param fallback the value when unset
     * @return a duration written as {@code 30s}, {@code 5m}, {@code 2h} or {@code 30d}
     */
    Duration duration(String path, Duration fallback);

    /**
     * A list setting.
     *
     * @param path the dotted path
     * @return the list, empty when unset
     */
    List<String> list(String path);

    /**
     * An object setting as a map.
     *
     * @param path the dotted path of an object
     * @return its entries as text, empty when unset
     */
    Map<String, String> map(String path);
}
