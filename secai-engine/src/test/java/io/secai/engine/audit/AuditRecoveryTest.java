package io.secai.engine.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a crash leaves in the audit log: a torn last line, a prompt started and never ended. */
class AuditRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void tornTailIsSkippedAndTheNextRecordIsNotSwallowed() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        JsonlAuditLog before = new JsonlAuditLog(file, text -> text);
        before.started(Instant.parse("2026-11-29T01:00:00Z"), "s1", "run-1", "first");
        // The process died half-way through its next line.
        Files.writeString(file, "{\"time\":\"2026-11-29T01:00:01Z\",\"session\":\"s1\",\"ru",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        JsonlAuditLog after = new JsonlAuditLog(file, text -> text);
        after.started(Instant.parse("2026-11-29T01:05:00Z"), "s1", "run-2", "second");

        AuditReader.Read read = AuditReader.read(file);
        assertThat(read.torn()).isEqualTo(1);
        assertThat(read.records()).extracting(line -> line.get("run").asText()).containsExactly("run-1", "run-2");
    }

    @Test
    void promptKilledMidRunIsFoundUnfinishedAtTheNextStart() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        JsonlAuditLog crashed = new JsonlAuditLog(file, text -> text);
        crashed.started(Instant.parse("2026-11-29T01:00:00Z"), "s1", "run-1", "killed while it ran");

        JsonlAuditLog restarted = new JsonlAuditLog(file, text -> text);
        List<String> notices = restarted.closeUnfinished(Instant.parse("2026-11-29T01:10:00Z"));

        assertThat(notices).singleElement().asString().contains("started at 2026-11-29T01:00:00Z never ended");
        List<JsonNode> records = AuditReader.read(file).records();
        assertThat(records).hasSize(2);
        assertThat(records.get(1).get("event").asText()).isEqualTo("unfinished");
        assertThat(records.get(1).get("run").asText()).isEqualTo("run-1");
        assertThat(restarted.closeUnfinished(Instant.parse("2026-11-29T01:20:00Z"))).isEmpty();
    }
}
