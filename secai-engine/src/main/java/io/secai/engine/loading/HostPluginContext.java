package io.secai.engine.loading;

import io.secai.api.Client;
import io.secai.api.PluginContext;
import io.secai.api.SecAiException;
import io.secai.api.Settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the host gives one plugin (or client provider): settings, clients and its own data folder. */
final class HostPluginContext implements PluginContext {

    private final Settings settings;
    private final ClientRegistry clients;
    private final Path dataDirectory;

    HostPluginContext(Settings settings, ClientRegistry clients, Path dataDirectory) {
        this.settings = settings;
        this.clients = clients;
        this.dataDirectory = dataDirectory;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public <T extends Client> Optional<T> client(Class<T> type) {
        return clients.get(type);
    }

    /** Created on first use, so that plugins that keep nothing leave nothing behind. */
    @Override
    public Path dataDirectory() {
        try {
            return Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new SecAiException("Cannot create the plugin data folder " + dataDirectory + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "PluginContext[" + dataDirectory + "]";
    }
}
