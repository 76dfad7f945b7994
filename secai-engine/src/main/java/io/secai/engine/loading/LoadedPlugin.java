package io.secai.engine.loading;

import io.secai.api.Plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A plugin that loaded and started, with the class loader it lives in.
 *
 * @param plugin the plugin
 * @param loader its own class loader
 * @param source the jar or folder it came from
 */
public record LoadedPlugin(Plugin plugin, ClassLoader loader, Path source) {

    public LoadedPlugin {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Gives the plugin's name.
     *
     * @return the name
     */
    public String name() {
        return plugin.name();
    }

    /**
     * Calls into the plugin with its class loader as the thread's context class loader, as libraries inside it
     * (azure-core finding its HTTP client, Jackson modules) expect.
     *
     * @param action the call
     * @param <T> what it returns
     * @return what the call returned
     */
    public <T> T call(Supplier<T> action) {
        List<T> result = new ArrayList<>(1);
        ContextClassLoader.run(loader, () -> result.add(action.get()));
        return result.get(0);
    }
}
