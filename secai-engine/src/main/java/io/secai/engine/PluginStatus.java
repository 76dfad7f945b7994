package io.secai.engine;

import io.secai.api.Capability;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one plugin found in plugins-dir.
 *
 * @param name the plugin's name, or the jar or folder name when it could not be read
 * @param version the plugin's version, or empty
 * @param apiVersion the API version it was built against, or empty
 * @param description the plugin's description, or empty
 * @param helpText the plugin's help for the user (Markdown), or empty
 * @param capabilities what it can do; empty when it failed
 * @param source the jar or folder it came from
 * @param state loaded or failed
 * @param reason why it failed, in a sentence; empty when loaded
 */
public record PluginStatus(
        String name,
        String version,
        String apiVersion,
        String description,
        String helpText,
        List<Capability> capabilities,
        Path source,
        State state,
        Optional<String> reason) {

    /** Whether the plugin can be used. */
    public enum State {
        /** Loaded and started. */
        LOADED,
        /** Not usable; {@link PluginStatus#reason()} says why. */
        FAILED
    }

    public PluginStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(helpText, "helpText");
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** @return whether the plugin loaded */
    public boolean loaded() {
        return state == State.LOADED;
    }
}
