package io.secai.terminal;

import java.nio.file.Path;

import io.secai.api.Settings;

/** Where SecAI keeps its files ({@code secai.data-dir}): the shell's history and the log live there too. */
public final class DataDirectory {
    /** The setting that names the folder. */
    public static final String KEY = "secai.data-dir";
    /** The folder when nothing is configured, as the engine's reference.conf says. */
    public static final String DEFAULT = "~/.secai";

    private DataDirectory() {
    }

    /**
     * @param settings the merged configuration
     * @return the folder, with a leading {@code ~} expanded
     */
    public static Path of(Settings settings) {
        return expand(settings.string(KEY).orElse(DEFAULT));
    }

    /**
     * @param path a path that may start with {@code ~}
     * @return the absolute path
     */
    public static Path expand(String path) {
        String home = System.getProperty("user.home");
        if (path.equals("~")) {
            return Path.of(home);
        }
        if (path.startsWith("~/")) {
            return Path.of(home, path.substring(2)).toAbsolutePath().normalize();
        }
        return Path.of(path).toAbsolutePath().normalize();
    }
}
