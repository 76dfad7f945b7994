package io.secai.engine.loading;

import io.secai.api.Client;
import io.secai.api.PluginContext;
import io.secai.api.SecAiException;
import io.secai.api.Redactor;
import io.secai.api.Settings;
import io.secai.engine.files.PrivateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the host gives one plugin (or client provider): settings, clients and its own data folder. */
final class HostPluginContext implements PluginContext {

    private final Settings settings;
    private final ClientRegistry clients;
    private final Path dataDirectory;

    private final Redactor redactor;

    HostPluginContext(Settings settings, ClientRegistry clients, Path dataDirectory, Redactor redactor) {
        this.redactor = redactor;
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
            return PrivateFiles.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new SecAiException("Cannot create the plugin data folder " + dataDirectory + ": " + e, e);
        }
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }

    @Override
    public String toString() {
        return "PluginContext[" + dataDirectory + "]";
    }
}
