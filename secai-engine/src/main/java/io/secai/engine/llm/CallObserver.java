package io.secai.engine.llm;

import java.time.Duration;

/**
 * Hears what happens during one model call that the caller should show: waits before retries.
 */
@FunctionalInterface
public interface CallObserver {

    /** Hears nothing. */
    CallObserver NONE = (delay, reason) -> { };

    /**
     * SecAI waits before trying the call again.
     *
     * @param delay how long
     * @param reason why (for example {@code throttled (HTTP 429)})
     */
    void waiting(Duration delay, String reason);
}
