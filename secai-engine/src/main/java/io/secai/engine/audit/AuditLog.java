package io.secai.engine.audit;

/**
 * Where the engine records every prompt it was given: when it starts, and when it has ended.
 */
public interface AuditLog {

    /**
     * Records that a prompt started, so that one the process never finished (a crash, a kill) is still on record.
     *
     * @param at when
     * @param sessionId the session
     * @param runId the run
     * @param prompt what the user typed
     * @throws AuditException when the record cannot be written
     */
    default void started(java.time.Instant at, String sessionId, String runId, String prompt) {
    }

    /**
     * Records one prompt.
     *
     * @param entry the prompt, its plan, results and usage
     * @throws AuditException when the record cannot be written
     */
    void record(AuditEntry entry);

    /**
     * An audit log that records nothing ({@code audit.enabled = false}).
     *
     * @return the log
     */
    static AuditLog disabled() {
        return entry -> { };
    }
}
