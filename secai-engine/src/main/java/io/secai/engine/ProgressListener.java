package io.secai.engine;

/**
 * Receives what happens while a prompt runs, as it happens. Called from the engine's worker thread; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = event -> { };

    /** @param event what happened */
    void on(ProgressEvent event);
}
