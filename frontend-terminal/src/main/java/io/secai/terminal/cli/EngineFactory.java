package io.secai.terminal.cli;

import java.util.function.Consumer;

import io.secai.engine.Engine;
import io.secai.engine.EngineOptions;

/** Starts the engine; the launcher uses the real one ({@code Engines::start}), a test may pass its own. */
@FunctionalInterface
public interface EngineFactory {
    /**
     * @param options what the command line and environment say
     * @param laterNotices receives notices raised after the start (a device code to enter, a failed sign-in)
     * @return the started engine
     */
    Engine start(EngineOptions options, Consumer<String> laterNotices);
}
