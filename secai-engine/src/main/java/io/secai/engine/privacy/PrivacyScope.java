package io.secai.engine.privacy;

import io.secai.engine.llm.CallObserver;

import java.time.Duration;

/**
 * A call observer that also carries the session's anonymizer, so that a client shared by every session (the
 * planner's) masks a call for the session it is made for: see {@link PrivacyGate}.
 *
 * @param waits hears waits, as any observer
 * @param anonymizer the session's anonymizer
 * @param report collects which fields were masked
 */
public record PrivacyScope(CallObserver waits, Anonymizer anonymizer, MaskReport report) implements CallObserver {

    @Override
    public void waiting(Duration delay, String reason) {
        waits.waiting(delay, reason);
    }
}
