package io.secai.engine.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.Artifact;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.testkit.plugin.MapSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlAuditLogTest {

    private static final String SECRET = "sk-live-7f3a9c2e1b";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void eachPromptIsOneJsonLineWithEveryFieldAndWithoutTheSecret() throws Exception {
        Path file = dir.resolve("logs/audit.jsonl");
        JsonlAuditLog log = new JsonlAuditLog(file, text -> text.replace(SECRET, "***"));

        log.record(entry("run-1", "use key " + SECRET + " to list incidents"));
        log.record(entry("run-2", "second"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(String.join("\n", lines)).doesNotContain(SECRET);
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(iterable(line.fieldNames())).containsExactly("time", "session", "run", "prompt", "plan",
                "planNote", "tasks", "queries", "urls", "usage", "outcome", "message", "durationMs");
        assertThat(line.get("time").asText()).isEqualTo("2025-03-01T08:30:00Z");
        assertThat(line.get("prompt").asText()).isEqualTo("use key *** to list incidents");
        assertThat(line.get("plan").get(0).get("plugin").asText()).isEqualTo("sentinel-kql");
        assertThat(line.get("plan").get(0).get("instruction").asText()).isEqualTo("query with ***");
        assertThat(line.get("tasks").get(0).get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(line.get("tasks").get(1).get("status").asText()).isEqualTo("FAILED");
        assertThat(line.get("queries")).extracting(JsonNode::asText).containsExactly("SecurityIncident | take 5");
        assertThat(line.get("urls")).extracting(JsonNode::asText).containsExactly("https://example.com/advisory");
        assertThat(line.get("usage").get("totalTokens").asLong()).isEqualTo(350);
        assertThat(line.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(line.get("message").asText()).isEqualTo("The model refused: ***");
        assertThat(line.get("durationMs").asLong()).isEqualTo(1500);
    }

    @Test
    void concurrentPromptsNeverShareALine() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        JsonlAuditLog log = new JsonlAuditLog(file, text -> text);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String run = "run-" + i;
            writes.add(pool.submit(() -> log.record(entry(run, "prompt " + "x".repeat(2_000)))));
        }
        for (Future<?> write : writes) {
            write.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<String> lines = Files.readAllLines(file);
        Set<String> runs = new HashSet<>();
        for (String line : lines) {
            runs.add(JSON.readTree(line).get("run").asText());
        }
        assertThat(lines).hasSize(400);
        assertThat(runs).hasSize(400);
    }

    @Test
    void settingsDefaultToAFileInTheDataFolderAndCanDisableTheLog() throws Exception {
        AuditSettings defaults = AuditSettings.from(new MapSettings(Map.of("secai.data-dir", dir.toString())));
        AuditSettings disabled = AuditSettings.from(new MapSettings(Map.of("secai.data-dir", dir.toString(),
                "audit.enabled", "false")));
        AuditSettings elsewhere = AuditSettings.from(new MapSettings(Map.of("audit.file",
                dir.resolve("x/a.jsonl").toString())));

        assertThat(defaults).isEqualTo(new AuditSettings(true, dir.resolve("audit.jsonl")));
        assertThat(elsewhere.file()).isEqualTo(dir.resolve("x/a.jsonl"));
        disabled.open(text -> text).record(entry("run", "not written"));
        assertThat(dir.resolve("audit.jsonl")).doesNotExist();
    }

    private static AuditEntry entry(String run, String prompt) {
        Task query = Task.of("sentinel-kql", "run-kql", "query with " + SECRET);
        Task summary = Task.of("gpt", "answer", "summarise");
        PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.FAILED, "The model refused: " + SECRET,
                List.of(query, summary),
                List.of(TaskRecord.of(query, TaskResult.builder().markdown("5 rows")
                                .usage(TokenUsage.of(1, 200, 50)).build()),
                        TaskRecord.of(summary, TaskResult.failed("refused"))),
                TokenUsage.of(2, 300, 50), Duration.ofMillis(1500));
        return new AuditEntry(Instant.parse("2025-03-01T08:30:00Z"), "session-1", run, prompt, "", outcome,
                List.of(Artifact.query("SecurityIncident | take 5"), Artifact.url("https://example.com/advisory"),
                        Artifact.query("SecurityIncident | take 5")));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
