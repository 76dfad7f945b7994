package io.secai.terminal.cli;

import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;

/** Starts the engine; the launcher uses the real one, a test may pass its own. */
@FunctionalInterface
public interface EngineFactory {
    /**
     * @param options what the command line and environment say
     * @return the started engine
     */
    Engine start(EngineOptions options);
}
