package io.secai.engine.bench;

import io.secai.api.ResultTable;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.engine.audit.AuditEntry;
import io.secai.engine.audit.JsonlAuditLog;
import io.secai.engine.session.FileSessionStore;
import io.secai.engine.session.SessionTranscript;
import io.secai.engine.session.StoredSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What forcing session and audit files to the disk costs: the same session saves (write, rename) and audit
 * records (one start and one end line per prompt) with {@code fsync} on and off, in a folder on the disk under
 * test. Arguments: the folder (default {@code target/fsync-bench}, on the build's disk; a tmpfs makes fsync free),
 * the number of prompts (default 200).
 */
public final class FsyncCostBenchmark {
    private FsyncCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/fsync-bench").toAbsolutePath();
        int prompts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Files.createDirectories(folder);
        System.out.printf(Locale.ROOT, "folder %s (file system %s), %d prompts each%n", folder,
                Files.getFileStore(folder).type(), prompts);
        StoredSession session = session(10);
        for (int round = 0; round < 2; round++) {
            // The first round warms the JIT and the file system; the second is reported.
            boolean report = round == 1;
            for (boolean fsync : new boolean[] {true, false}) {
                double[] save = saves(folder.resolve("sessions-" + fsync), session, prompts, fsync);
                double[] audit = audits(folder.resolve("audit-" + fsync + ".jsonl"), prompts, fsync);
                if (report) {
                    System.out.printf(Locale.ROOT, "fsync %-3s: session save (10 turns, %,d bytes) median %.2f ms, "
                                    + "p90 %.2f ms; audit start+end records median %.2f ms, p90 %.2f ms%n",
                            fsync ? "on" : "off", Files.size(newest(folder.resolve("sessions-" + fsync))),
                            percentile(save, 50), percentile(save, 90), percentile(audit, 50),
                            percentile(audit, 90));
                }
            }
        }
    }

    private static double[] saves(Path folder, StoredSession session, int count, boolean fsync) {
        FileSessionStore store = new FileSessionStore(folder, fsync);
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            store.save(session);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static double[] audits(Path file, int count, boolean fsync) {
        JsonlAuditLog log = new JsonlAuditLog(file, UnaryOperator.identity(), fsync);
        double[] millis = new double[count];
        PromptOutcome outcome = outcome(1);
        for (int i = 0; i < count; i++) {
            String run = UUID.randomUUID().toString();
            long start = System.nanoTime();
            log.started(Instant.now(), "session", run, "Which hosts failed to sign in?");
            log.record(new AuditEntry(Instant.now(), "session", run, "Which hosts failed to sign in?", "", outcome,
                    List.of()));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static StoredSession session(int turns) {
        List<SessionTranscript.Turn> list = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            list.add(new SessionTranscript.Turn("Which hosts failed to sign in, round " + i + "?", Instant.now(),
                    outcome(20)));
        }
        Instant now = Instant.now();
        return new StoredSession(UUID.randomUUID().toString(), "analyst", "bench", now, now, TokenUsage.NONE, list);
    }

    private static PromptOutcome outcome(int rows) {
        List<List<Object>> cells = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            cells.add(List.of("host-" + i, (long) i, "2026-11-24T10:00:00Z"));
        }
        ResultTable table = ResultTable.of(List.of(ResultTable.Column.of("Host", ResultTable.ColumnType.STRING),
                ResultTable.Column.of("Failures", ResultTable.ColumnType.LONG),
                ResultTable.Column.of("Last", ResultTable.ColumnType.DATETIME)), cells);
        TaskRecord record = TaskRecord.of(Task.of("kql", "run", "failed sign-ins by host"),
                TaskResult.builder().markdown("Hosts with failed sign-ins in the last day.").table(table).build());
        return new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(record.task()), List.of(record),
                TokenUsage.NONE, Duration.ofMillis(5));
    }

    private static Path newest(Path folder) throws java.io.IOException {
        try (var files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }
}
