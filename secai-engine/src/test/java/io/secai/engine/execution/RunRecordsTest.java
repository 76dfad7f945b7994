package io.secai.engine.execution;

import io.secai.api.Artifact;
import io.secai.api.TokenUsage;
import io.secai.engine.ProgressEvent;
import io.secai.engine.PromptOutcome;
import io.secai.engine.audit.AuditEntry;
import io.secai.engine.audit.AuditException;
import io.secai.engine.audit.AuditLog;
import io.secai.engine.session.InMemorySessionStore;
import io.secai.engine.session.SessionRegistry;
import io.secai.engine.session.SessionStore;
import io.secai.engine.session.SessionStoreException;
import io.secai.engine.session.StoredSession;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's records on their own: what a write that fails costs, and what the user and the caller hear of it. */
class RunRecordsTest {

    private static final String SECRET = "sk-audit-secret-0123456789";
    private static final String OWNER = "analyst";
    private static final Instant AT = Instant.parse("2026-12-05T06:00:00Z");
    private static final PromptOutcome OUTCOME = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(),
            List.of(), TokenUsage.of(1, 10, 2), Duration.ofMillis(30));

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    private final List<AuditEntry> audited = new CopyOnWriteArrayList<>();

    private RunRecords records(SessionRegistry sessions, String sessionId, AuditLog audit) {
        return new RunRecords("run-1", sessionId, "show incidents", sessions, audit, events::add,
                error -> error.getMessage().replace(SECRET, "***"));
    }

    private static AuditLog failingAudit() {
        return new AuditLog() {
            @Override
            public void started(Instant at, String sessionId, String runId, String prompt) {
                throw new AuditException("disk full writing audit.jsonl (key " + SECRET + ")", null);
            }

            @Override
            public void record(AuditEntry entry) {
                throw new AuditException("disk full writing audit.jsonl (key " + SECRET + ")", null);
            }
        };
    }

    @Test
    void allWrittenLeavesNothingUnsavedAndSaysNothing() {
        SessionRegistry sessions = new SessionRegistry(new InMemorySessionStore(), Clock.systemUTC());
        String session = sessions.create(OWNER).id();
        RunRecords records = records(sessions, session, audited::add);

        records.started(AT);
        records.save(AT, "a note", OUTCOME);

        assertThat(records.notSaved()).isEmpty();
        assertThat(events).isEmpty();
        assertThat(sessions.turns(session).orElseThrow()).singleElement()
                .satisfies(turn -> assertThat(turn.prompt()).isEqualTo("show incidents"));
        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.runId()).isEqualTo("run-1");
            assertThat(entry.planNote()).isEqualTo("a note");
            assertThat(entry.outcome()).isEqualTo(OUTCOME);
        });
    }

    @Test
    void theAuditEntryHoldsEachPieceOfEvidenceOnceInTheOrderFirstSeen() {
        SessionRegistry sessions = new SessionRegistry(new InMemorySessionStore(), Clock.systemUTC());
        RunRecords records = records(sessions, sessions.create(OWNER).id(), audited::add);
        Artifact query = Artifact.query("SecurityIncident | take 10");
        Artifact page = Artifact.url("https://example.com/a");
        Artifact other = Artifact.url("https://example.com/b");

        records.evidence(List.of(query, page));
        records.evidence(List.of(page, other, query));
        records.save(AT, "", OUTCOME);

        assertThat(audited).singleElement().satisfies(entry -> assertThat(entry.artifacts())
                .containsExactly(query, page, other));
    }

    @Test
    void aFailingAuditLogCostsOnlyItsRecordIsNamedOnceAndNeverShowsTheSecret() {
        SessionRegistry sessions = new SessionRegistry(new InMemorySessionStore(), Clock.systemUTC());
        String session = sessions.create(OWNER).id();
        RunRecords records = records(sessions, session, failingAudit());

        records.started(AT);
        records.save(AT, "", OUTCOME);

        String reason = "The audit log could not be written: disk full writing audit.jsonl (key ***)";
        assertThat(records.notSaved()).contains(reason);
        assertThat(events).extracting(event -> ((ProgressEvent.Notice) event).message())
                .containsExactly(reason, reason);
        assertThat(events.toString()).doesNotContain(SECRET);
        assertThat(sessions.turns(session).orElseThrow()).hasSize(1);
    }

    @Test
    void aSessionThatCannotBeSavedIsNamedAndTheRunIsStillAudited() {
        InMemorySessionStore memory = new InMemorySessionStore();
        SessionRegistry sessions = new SessionRegistry(new SessionStore() {
            @Override
            public Loaded loadAll() {
                return memory.loadAll();
            }

            @Override
            public void save(StoredSession session) {
                if (!session.turns().isEmpty()) {
                    throw new SessionStoreException("Cannot save session: disk full", null);
                }
                memory.save(session);
            }

            @Override
            public void delete(String id) {
                memory.delete(id);
            }
        }, Clock.systemUTC());
        RunRecords records = records(sessions, sessions.create(OWNER).id(), audited::add);

        records.save(AT, "", OUTCOME);

        String reason = "This prompt could not be saved in the session: Cannot save session: disk full";
        assertThat(records.notSaved()).contains(reason);
        assertThat(events).extracting(event -> ((ProgressEvent.Notice) event).message()).containsExactly(reason);
        assertThat(audited).singleElement().satisfies(entry -> assertThat(entry.outcome()).isEqualTo(OUTCOME));
    }
}
