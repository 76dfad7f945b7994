package io.secai.engine.session;

import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoredPreviewTest {

    @TempDir
    Path data;

    @Test
    void sessionFileKeepsAPreviewOfALargeTableWithItsRowCount() throws Exception {
        SessionRegistry sessions = new SessionRegistry(new FileSessionStore(data), Clock.systemUTC(), 50);
        String id = sessions.create("analyst").id();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            rows.add(List.of("host-" + i, (long) i));
        }
        ResultTable table = ResultTable.of(List.of(ResultTable.Column.of("Host", ResultTable.ColumnType.STRING),
                ResultTable.Column.of("Count", ResultTable.ColumnType.LONG)), rows);
        TaskRecord record = TaskRecord.of(Task.of("kql", "run", "all hosts"),
                TaskResult.builder().markdown("20000 rows.").table(table).build());
        PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(record.task()),
                List.of(record), TokenUsage.NONE, Duration.ofMillis(5));

        sessions.record(id, new SessionTranscript.Turn("all hosts", Instant.now(), outcome));

        SessionRegistry reread = new SessionRegistry(new FileSessionStore(data), Clock.systemUTC(), 50);
        TaskResult stored = reread.turns(id).orElseThrow().get(0).outcome().tasks().get(0).result();
        ResultTable preview = stored.table().orElseThrow();
        assertThat(preview.rows()).hasSize(50);
        assertThat(preview.rows().get(49)).containsExactly("host-49", 49L);
        assertThat(preview.totalRows()).isEqualTo(20_000);
        assertThat(preview.truncated()).isTrue();
        assertThat(stored.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("first 50 of the 20,000 rows", "session.stored-rows"));
        try (var files = Files.list(data)) {
            long bytes = files.mapToLong(file -> file.toFile().length()).sum();
            assertThat(bytes).isLessThan(100_000);
        }
    }

    @Test
    void theWholeTableStaysExportableWhileTheSessionIsOpenAndThePreviewIsWhatARestartReads() {
        SessionRegistry sessions = new SessionRegistry(new FileSessionStore(data), Clock.systemUTC(), 10);
        String id = sessions.create("analyst").id();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            rows.add(List.of("host-" + i));
        }
        ResultTable table = ResultTable.of(List.of(ResultTable.Column.of("Host", ResultTable.ColumnType.STRING)),
                rows);
        TaskRecord record = TaskRecord.of(Task.of("kql", "run", "all hosts"),
                TaskResult.builder().markdown("1000 rows.").table(table).build());
        PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(record.task()),
                List.of(record), TokenUsage.NONE, Duration.ofMillis(5));
        sessions.record(id, new SessionTranscript.Turn("small first", Instant.now(), new PromptOutcome(
                PromptOutcome.Status.SUCCEEDED, "", List.of(), List.of(), TokenUsage.NONE, Duration.ZERO)));

        sessions.record(id, new SessionTranscript.Turn("all hosts", Instant.now(), outcome));

        ResultTable open = sessions.transcript("analyst", id).orElseThrow().turns().get(1).outcome().tasks().get(0)
                .result().table().orElseThrow();
        assertThat(open.rows()).hasSize(1_000);
        assertThat(sessions.transcript("someone else", id)).isEmpty();
        assertThat(sessions.turns(id).orElseThrow().get(1).outcome().tasks().get(0).result().table().orElseThrow()
                .rows()).as("what later prompts see is the preview").hasSize(10);
        ResultTable reread = new SessionRegistry(new FileSessionStore(data), Clock.systemUTC(), 10)
                .transcript("analyst", id).orElseThrow().turns().get(1).outcome().tasks().get(0).result().table()
                .orElseThrow();
        assertThat(reread.rows()).hasSize(10);
        assertThat(reread.totalRows()).isEqualTo(1_000);

        sessions.clear("analyst", id);
        assertThat(sessions.transcript("analyst", id).orElseThrow().turns()).isEmpty();
    }
}
