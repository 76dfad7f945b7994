package io.secai.engine.execution;

import io.secai.api.Artifact;
import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.engine.audit.AuditEntry;
import io.secai.engine.audit.AuditLog;
import io.secai.engine.session.SessionRegistry;
import io.secai.engine.session.SessionTranscript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Keeps one run on record: its start in the audit log, and at its end the turn in the session and the audit entry
 * with the evidence (artifacts) the run collected on the way.
 *
 * <p>It is apart from {@link PromptExecution} because a write that fails follows a rule of its own: it costs the run
 * nothing but that record. The outcome is still delivered, the user hears why at once in a notice, and the reason is
 * kept for {@link io.secai.engine.PromptRun#notSaved()} (the audit log's reason once, however often it failed).
 * Every reason is said through {@code describe}, which keeps secrets out of it.
 *
 * <p>The start, the evidence and the end are written by the run's worker thread; {@link #notSaved()} may be read
 * from any thread.
 */
final class RunRecords {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);
    private static final String AUDIT_FAILED = "The audit log could not be written: ";

    private final String runId;
    private final String sessionId;
    private final String prompt;
    private final SessionRegistry sessions;
    private final AuditLog audit;
    private final ProgressListener events;
    private final Function<Throwable, String> describe;
    private final Set<Artifact> evidence = new LinkedHashSet<>();
    private final List<String> notSaved = new CopyOnWriteArrayList<>();

    /**
     * @param runId the run
     * @param sessionId its session
     * @param prompt what the user typed, masked
     * @param sessions where the turn is kept
     * @param audit where the run is audited
     * @param events hears a notice for every write that failed
     * @param describe an error as the user may read it, secrets masked
     */
    RunRecords(String runId, String sessionId, String prompt, SessionRegistry sessions, AuditLog audit,
               ProgressListener events, Function<Throwable, String> describe) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.events = Objects.requireNonNull(events, "events");
        this.describe = Objects.requireNonNull(describe, "describe");
    }

    /**
     * Audits the start, so that a run the process never finished is still on record.
     *
     * @param at when the run started
     */
    void started(Instant at) {
        try {
            audit.started(at, sessionId, runId, prompt);
        } catch (RuntimeException e) {
            LOG.error("Cannot audit the start of run {}", runId, e);
            notSaved.add(AUDIT_FAILED + describe.apply(e));
            events.on(new ProgressEvent.Notice(AUDIT_FAILED + describe.apply(e)));
        }
    }

    /**
     * Adds evidence for the audit entry; each artifact is kept once, in the order first seen.
     *
     * @param artifacts what a task produced or its scope collected
     */
    void evidence(Collection<Artifact> artifacts) {
        evidence.addAll(artifacts);
    }

    /**
     * Keeps the turn in the session, then audits the run; each write is tried whatever became of the other.
     *
     * @param at when the run started
     * @param planNote what the planner said about its plan
     * @param result the run's outcome
     */
    void save(Instant at, String planNote, PromptOutcome result) {
        try {
            sessions.record(sessionId, new SessionTranscript.Turn(prompt, at, result));
        } catch (RuntimeException e) {
            LOG.error("Cannot save the turn of run {} in session {}", runId, sessionId, e);
            notSaved.add("This prompt could not be saved in the session: " + describe.apply(e));
            events.on(new ProgressEvent.Notice("This prompt could not be saved in the session: "
                    + describe.apply(e)));
        }
        try {
            audit.record(new AuditEntry(at, sessionId, runId, prompt, planNote, result, List.copyOf(evidence)));
        } catch (RuntimeException e) {
            LOG.error("Cannot audit run {}", runId, e);
            if (notSaved.stream().noneMatch(reason -> reason.startsWith("The audit log"))) {
                notSaved.add(AUDIT_FAILED + describe.apply(e));
            }
            events.on(new ProgressEvent.Notice(AUDIT_FAILED + describe.apply(e)));
        }
    }

    /** @return why some of the run is not on record, each reason once, empty when all of it is */
    Optional<String> notSaved() {
        return notSaved.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", notSaved));
    }
}
