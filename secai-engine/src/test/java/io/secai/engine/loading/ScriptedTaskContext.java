package io.secai.engine.loading;

import io.secai.api.Artifact;
import io.secai.api.Client;
import io.secai.api.SessionContext;
import io.secai.api.TaskContext;

import java.util.List;
import java.util.Optional;

/**
 * The smallest TaskContext that lets a test call a plugin's run: the executor that builds real ones belongs to
 * another part of the engine, and these tests are about loading, not execution.
 */
public final class ScriptedTaskContext implements TaskContext {

    @Override
    public SessionContext session() {
        return SessionContext.of("test-session", List.of(), List.of());
    }

    @Override
    public <T extends Client> Optional<T> client(Class<T> type) {
        return Optional.empty();
    }

    @Override
    public void progress(String message) {
    }

    @Override
    public void artifact(Artifact artifact) {
    }

    @Override
    public void textDelta(String text) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
