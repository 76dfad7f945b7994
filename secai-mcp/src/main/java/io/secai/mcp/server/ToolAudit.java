package io.secai.mcp.server;

import io.secai.api.Artifact;
import io.secai.api.Task;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.engine.audit.AuditEntry;
import io.secai.engine.audit.AuditException;
import io.secai.engine.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records each MCP tool call in SecAI's audit log as a prompt of session {@code mcp}: the tool and its arguments
 * as the prompt, one task naming the tool, the outcome, and the evidence (the KQL, the URL, the time range).
 */
final class ToolAudit {
    static final String SESSION = "mcp";
    private static final Logger LOG = LoggerFactory.getLogger(ToolAudit.class);

    private final AuditLog log;
    private final Clock clock;

    ToolAudit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param tool the tool's name
     * @param arguments the arguments as the client sent them, as text
     * @param started when the call came in
     * @param failure why it failed or was refused, or null when it succeeded
     * @param evidence the KQL, URL or time range it used
     */
    void record(String tool, String arguments, Instant started, String failure, List<Artifact> evidence) {
        PromptOutcome outcome = new PromptOutcome(
                failure == null ? PromptOutcome.Status.SUCCEEDED : PromptOutcome.Status.FAILED,
                failure == null ? "" : failure,
                List.of(Task.of("mcp", tool, arguments)), List.of(), TokenUsage.NONE,
                Duration.between(started, clock.instant()));
        try {
            log.record(new AuditEntry(started, SESSION, "mcp-" + UUID.randomUUID(), "MCP tool " + tool + " "
                    + arguments, "called by an MCP client", outcome, evidence));
        } catch (AuditException e) {
            // A call whose audit line cannot be written still answers; the log says why it is missing.
            LOG.warn("The audit log could not record MCP tool {}: {}", tool, e.getMessage());
        }
    }

    Instant now() {
        return clock.instant();
    }
}
