package io.secai.engine.audit;

/**
 * Where the engine records every prompt it was given, once it has ended.
 */
public interface AuditLog {

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
