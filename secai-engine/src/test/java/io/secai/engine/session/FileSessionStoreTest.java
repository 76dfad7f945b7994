package io.secai.engine.session;

import io.secai.api.Artifact;
import io.secai.api.ResultTable;
import io.secai.api.ResultTable.Column;
import io.secai.api.ResultTable.ColumnType;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileSessionStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aSessionWrittenBeforeARestartIsReadBackWithItsTurnsAndResults() {
        Path folder = dataDir.resolve("sessions");
        SessionRegistry before = new SessionRegistry(new FileSessionStore(folder), Clock.systemUTC());
        String id = before.create("analyst").id();
        SessionTranscript.Turn turn = richTurn();
        before.record(id, turn);
        before.record(id, new SessionTranscript.Turn("cancelled one", Instant.parse("2025-03-01T09:00:00Z"),
                new PromptOutcome(PromptOutcome.Status.CANCELLED, "Cancelled.", List.of(), List.of(),
                        TokenUsage.NONE, Duration.ofMillis(12))));

        SessionRegistry after = new SessionRegistry(new FileSessionStore(folder), Clock.systemUTC());

        SessionTranscript restored = after.transcript("analyst", id).orElseThrow();
        assertThat(restored).isEqualTo(before.transcript("analyst", id).orElseThrow());
        assertThat(restored.turns().get(0)).isEqualTo(turn);
        assertThat(restored.info().usage()).isEqualTo(TokenUsage.of(3, 1200, 150));
        assertThat(restored.info().title()).isEqualTo("new incidents of the last 30 days");
        assertThat(after.notices()).isEmpty();
    }

    @Test
    void tableCellsKeepTheirTypesAcrossARestart() {
        FileSessionStore store = new FileSessionStore(dataDir);
        StoredSession session = session(List.of(richTurn()));
        store.save(session);

        StoredSession read = new FileSessionStore(dataDir).loadAll().sessions().get(0);

        List<Object> row = read.turns().get(0).outcome().tasks().get(0).result().table().orElseThrow().rows().get(0);
        assertThat(row).containsExactly("INC-1", 3L, 0.75, true, null, "2025-02-28T23:59:00Z");
        assertThat(row.get(1)).isInstanceOf(Long.class);
    }

    @Test
    void savingLeavesOnlyTheSessionFile() throws IOException {
        FileSessionStore store = new FileSessionStore(dataDir);
        StoredSession session = session(List.of());

        store.save(session);
        store.save(new StoredSession(session.id(), session.owner(), "renamed", session.created(), session.updated(),
                session.usage(), List.of(richTurn())));

        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactly(session.id() + ".json");
        }
        assertThat(new FileSessionStore(dataDir).loadAll().sessions()).singleElement()
                .satisfies(read -> assertThat(read.title()).isEqualTo("renamed"));
    }

    @Test
    void anUnreadableFileIsReportedAndTheOtherSessionsLoad() throws IOException {
        FileSessionStore store = new FileSessionStore(dataDir);
        StoredSession good = session(List.of(richTurn()));
        store.save(good);
        Path broken = dataDir.resolve("0b0e3ad4-3b3e-4a5e-9f3a-4f0f1c2d3e4f.json");
        Files.writeString(broken, "{\"format\":1,\"session\":{\"id\":");

        SessionStore.Loaded loaded = new FileSessionStore(dataDir).loadAll();

        assertThat(loaded.sessions()).extracting(StoredSession::id).containsExactly(good.id());
        assertThat(loaded.problems()).singleElement().asString().contains(broken.toString(), "could not be read");
        assertThat(broken).exists();
    }

    @Test
    void deleteRemovesTheFile() {
        FileSessionStore store = new FileSessionStore(dataDir);
        StoredSession session = session(List.of());
        store.save(session);

        store.delete(session.id());

        assertThat(dataDir.resolve(session.id() + ".json")).doesNotExist();
        assertThat(store.loadAll().sessions()).isEmpty();
    }

    @Test
    void aMissingFolderMeansNoSessionsYet() {
        assertThat(new FileSessionStore(dataDir.resolve("not-yet")).loadAll().sessions()).isEmpty();
    }

    private static StoredSession session(List<SessionTranscript.Turn> turns) {
        Instant created = Instant.parse("2025-03-01T08:00:00Z");
        return new StoredSession("7c9e6679-7425-40de-944b-e07fc1f90ae7", "analyst", "", created, created,
                TokenUsage.NONE, turns);
    }

    private static SessionTranscript.Turn richTurn() {
        Task query = Task.of("sentinel-kql", "run-kql", "new incidents of the last 30 days",
                Map.of("timespan", "P30D"));
        Task summary = Task.of("gpt", "answer", "summarise");
        ResultTable table = ResultTable.of(List.of(
                Column.of("Id", ColumnType.STRING), Column.of("Count", ColumnType.LONG),
                Column.of("Score", ColumnType.REAL), Column.of("Closed", ColumnType.BOOL),
                Column.of("Owner", ColumnType.STRING), Column.of("Created", ColumnType.DATETIME)),
                List.of(Arrays.asList("INC-1", 3L, 0.75, true, null, "2025-02-28T23:59:00Z")), 120, true);
        TaskResult rows = TaskResult.builder().markdown("1 incident").table(table)
                .artifact(Artifact.query("SecurityIncident | where TimeGenerated > ago(30d)"))
                .artifact(Artifact.of(Artifact.Kind.TIMESPAN, "Time range", "P30D"))
                .warning("Only the first 1 of 120 rows are shown.").contextText("1 incident: INC-1")
                .usage(TokenUsage.of(2, 900, 100)).build();
        TaskResult text = TaskResult.builder().markdown("## Summary\nOne open incident.")
                .usage(TokenUsage.of(1, 300, 50)).build();
        PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(query, summary),
                List.of(TaskRecord.of(query, rows), TaskRecord.of(summary, text)), TokenUsage.of(3, 1200, 150),
                Duration.ofMillis(4321));
        return new SessionTranscript.Turn("new incidents of the last 30 days", Instant.parse("2025-03-01T08:30:00Z"),
                outcome);
    }
}
