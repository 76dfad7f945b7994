package io.secai.engine.loading;

import io.secai.api.Plugin;
import io.secai.engine.PluginStatus;

/**
 * One plugin on its way in: created and described (or failed already), then checked and started. Filled in by the
 * thread that starts it and read after that thread's work is awaited.
 */
final class Candidate {

    private final PluginFolder.Source source;
    private final ClassLoader loader;
    private final Plugin plugin;
    private final PluginInstaller.Description description;
    private PluginStatus status;
    private HostPluginContext context;

    Candidate(PluginFolder.Source source, ClassLoader loader, Plugin plugin, PluginInstaller.Description description) {
        this.source = source;
        this.loader = loader;
        this.plugin = plugin;
        this.description = description;
    }

    /** A plugin that failed before it could be checked: its status is final. */
    static Candidate done(PluginFolder.Source source, PluginStatus status) {
        Candidate candidate = new Candidate(source, null, null, null);
        candidate.status = status;
        return candidate;
    }

    PluginFolder.Source source() {
        return source;
    }

    ClassLoader loader() {
        return loader;
    }

    Plugin plugin() {
        return plugin;
    }

    PluginInstaller.Description description() {
        return description;
    }

    /** The name it claims: its own, or its jar's or folder's when it gives none. */
    String name() {
        return description == null || description.name() == null ? source.name() : description.name();
    }

    /** @return how it went; null while it is still to be checked or started */
    PluginStatus status() {
        return status;
    }

    void status(PluginStatus failed) {
        this.status = failed;
    }

    void started(HostPluginContext startedWith, PluginStatus loaded) {
        this.context = startedWith;
        this.status = loaded;
    }

    boolean started() {
        return context != null;
    }

    HostPluginContext context() {
        return context;
    }
}
