package io.secai.engine.session;

import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.testkit.time.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SessionRegistryTest {

    private final SessionRegistry sessions = new SessionRegistry(new InMemorySessionStore(), Clock.systemUTC());

    @Test
    void sessionIdsAreRandomUuids() {
        String first = sessions.create("analyst").id();
        String second = sessions.create("analyst").id();

        assertThat(UUID.fromString(first).version()).isEqualTo(4);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anOwnerSeesOnlyTheirOwnSessions() {
        SessionInfo alices = sessions.create("alice");
        sessions.create("bob");

        assertThat(sessions.list("alice")).extracting(SessionInfo::id).containsExactly(alices.id());
        assertThat(sessions.find("bob", alices.id())).isEmpty();
        assertThat(sessions.transcript("bob", alices.id())).isEmpty();
        assertThat(sessions.clear("bob", alices.id())).isFalse();
        assertThat(sessions.delete("bob", alices.id())).isFalse();
        assertThat(sessions.find("alice", alices.id())).isPresent();
    }

    @Test
    void recordingATurnSetsTheTitleAndAddsUsage() {
        String id = sessions.create("analyst").id();

        sessions.record(id, turn("Show me the   new Sentinel incidents\nof the last 30 days, grouped by severity",
                TokenUsage.of(2, 300, 40)));
        sessions.record(id, turn("and now a summary", TokenUsage.of(1, 100, 10)));

        SessionInfo info = sessions.find("analyst", id).orElseThrow();
        assertThat(info.title()).isEqualTo("Show me the new Sentinel incidents of the last 30 days, gro…");
        assertThat(info.turns()).isEqualTo(2);
        assertThat(info.usage()).isEqualTo(TokenUsage.of(3, 400, 50));
    }

    @Test
    void aRenamedSessionKeepsItsTitleThroughLaterPromptsAndOnlyItsOwnerMayRenameIt() {
        String id = sessions.create("analyst").id();

        assertThat(sessions.rename("someone else", id, "Mine now")).isFalse();
        assertThat(sessions.rename("analyst", id, "  Rare account\ntriage ")).isTrue();
        sessions.record(id, turn("show me the new incidents", TokenUsage.of(1, 10, 1)));

        assertThat(sessions.find("analyst", id).orElseThrow().title()).isEqualTo("Rare account triage");
        assertThat(sessions.rename("analyst", "no-such-id", "x")).isFalse();
    }

    @Test
    void clearDropsTheTurnsButKeepsTheSessionAndItsUsage() {
        String id = sessions.create("analyst").id();
        sessions.record(id, turn("first", TokenUsage.of(1, 10, 1)));

        assertThat(sessions.clear("analyst", id)).isTrue();

        SessionInfo info = sessions.find("analyst", id).orElseThrow();
        assertThat(info.turns()).isZero();
        assertThat(info.usage()).isEqualTo(TokenUsage.of(1, 10, 1));
        assertThat(sessions.turns(id)).contains(List.of());
    }

    @Test
    void deleteRemovesTheSessionAndLaterTurnsAreNotRecorded() {
        String id = sessions.create("analyst").id();

        assertThat(sessions.delete("analyst", id)).isTrue();

        assertThat(sessions.find("analyst", id)).isEmpty();
        assertThat(sessions.record(id, turn("late", TokenUsage.NONE))).isFalse();
        assertThat(sessions.delete("analyst", id)).isFalse();
    }

    @Test
    void sessionsAreListedMostRecentlyUsedFirst() {
        MovableClock clock = new MovableClock(Instant.parse("2025-05-01T10:00:00Z"));
        SessionRegistry registry = new SessionRegistry(new InMemorySessionStore(), clock);
        String older = registry.create("analyst").id();
        clock.advance(Duration.ofMinutes(1));
        String newer = registry.create("analyst").id();
        clock.advance(Duration.ofMinutes(1));
        registry.record(older, turn("used again", TokenUsage.NONE));

        assertThat(registry.list("analyst")).extracting(SessionInfo::id).containsExactly(older, newer);
    }

    @Test
    void turnsRecordedFromManyThreadsAreAllKept() throws Exception {
        String id = sessions.create("analyst").id();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String prompt = "prompt " + i;
            writes.add(pool.submit(() -> sessions.record(id, turn(prompt, TokenUsage.of(1, 1, 1)))));
        }
        for (Future<Boolean> write : writes) {
            assertThat(write.get(10, TimeUnit.SECONDS)).isTrue();
        }
        pool.shutdown();

        SessionInfo info = sessions.find("analyst", id).orElseThrow();
        assertThat(info.turns()).isEqualTo(200);
        assertThat(info.usage()).isEqualTo(TokenUsage.of(200, 200, 200));
    }

    private static SessionTranscript.Turn turn(String prompt, TokenUsage usage) {
        return new SessionTranscript.Turn(prompt, Instant.now(), new PromptOutcome(PromptOutcome.Status.SUCCEEDED,
                "", List.of(), List.of(), usage, Duration.ofMillis(5)));
    }
}
