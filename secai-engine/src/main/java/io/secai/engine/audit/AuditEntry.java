package io.secai.engine.audit;

import io.secai.api.Artifact;
import io.secai.engine.PromptOutcome;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One prompt as the audit log records it.
 *
 * @param time when the prompt was submitted
 * @param sessionId the session it was submitted to
 * @param runId the run's identifier ({@code PromptRun.id()})
 * @param prompt what the user typed
 * @param planNote how the plan came about when not straight from the model, else empty
 * @param outcome the plan, the results, usage, status and duration
 * @param artifacts every piece of evidence the tasks produced, including what they showed while running
 */
public record AuditEntry(Instant time, String sessionId, String runId, String prompt, String planNote,
                         PromptOutcome outcome, List<Artifact> artifacts) {
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(planNote, "planNote");
        Objects.requireNonNull(outcome, "outcome");
        artifacts = List.copyOf(artifacts);
    }
}
