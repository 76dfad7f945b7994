package io.secai.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the engine offers a plugin for its whole life.
 *
 * @since 1.0
 */
public interface PluginContext {

    /**
     * All of SecAI's settings; a plugin's own live under {@code plugins.<name>}.
     *
     * @return the settings
     */
    Settings settings();

    /**
     * A client of the given type, not scoped to any task (for background work and commands).
     *
     * @param type a client interface
     * @param <T> the client type
     * @return the client, or empty when no loaded client provides it
     */
    <T extends Client> Optional<T> client(Class<T> type);

    /**
     * A folder this plugin may write to and that survives restarts (caches, built schemas).
     *
     * @return an existing directory
     */
    Path dataDirectory();

    /**
     * Masks the configured secrets in every encoding; use it on text the plugin writes where the engine does not
     * look (its own files and logs).
     *
     * @return the host's redactor; by default {@link Redactor#NONE}, for contexts that hold no secrets (tests)
     * @since 1.1
     */
    default Redactor redactor() {
        return Redactor.NONE;
    }
}
