package io.secai.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an {@link Engine}: what the command line and the process environment say.
 *
 * @param configFile an {@code application.conf} to read, from {@code --config}
 * @param pluginsDir where plugins live, from {@code --plugins-dir}; else the {@code secai.plugins-dir} setting
 * @param auth the authentication method from {@code --auth} (interactive, client_secret, default, device_code,
 *     azure_cli, none); else the {@code azure.auth} setting
 * @param workingDirectory where a {@code .env} file is looked for
 * @param environment the environment variables to honour (normally {@link System#getenv()})
 * @param overrides settings that win over everything else (for tests and embedding), by dotted path
 */
public record EngineOptions(
        Optional<Path> configFile,
        Optional<Path> pluginsDir,
        Optional<String> auth,
        Path workingDirectory,
        Map<String, String> environment,
        Map<String, String> overrides) {

    public EngineOptions {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
        overrides = Map.copyOf(overrides);
    }

    /**
     * Options for this process: its environment and working directory, nothing else set.
     *
     * @return the options
     */
    public static EngineOptions fromProcess() {
        return new EngineOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                Path.of("").toAbsolutePath(), System.getenv(), Map.of());
    }

    /** @param value the config file @return a copy with it */
    public EngineOptions withConfigFile(Path value) {
        return new EngineOptions(Optional.ofNullable(value), pluginsDir, auth, workingDirectory, environment,
                overrides);
    }

    /** @param value the plugins folder @return a copy with it */
    public EngineOptions withPluginsDir(Path value) {
        return new EngineOptions(configFile, Optional.ofNullable(value), auth, workingDirectory, environment,
                overrides);
    }

    /** @param value the authentication method @return a copy with it */
    public EngineOptions withAuth(String value) {
        return new EngineOptions(configFile, pluginsDir, Optional.ofNullable(value), workingDirectory, environment,
                overrides);
    }

    /** @param value the folder holding {@code .env} @return a copy with it */
    public EngineOptions withWorkingDirectory(Path value) {
        return new EngineOptions(configFile, pluginsDir, auth, value, environment, overrides);
    }

    /** @param value the environment variables @return a copy with them */
    public EngineOptions withEnvironment(Map<String, String> value) {
        return new EngineOptions(configFile, pluginsDir, auth, workingDirectory, value, overrides);
    }

    /** @param value settings by dotted path @return a copy with them */
    public EngineOptions withOverrides(Map<String, String> value) {
        return new EngineOptions(configFile, pluginsDir, auth, workingDirectory, environment, value);
    }
}
