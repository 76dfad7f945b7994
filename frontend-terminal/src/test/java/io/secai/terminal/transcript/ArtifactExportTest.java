package io.secai.terminal.transcript;

import io.secai.api.Artifact;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.engine.session.SessionInfo;
import io.secai.engine.session.SessionTranscript;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactExportTest {
    private static final Instant AT = Instant.parse("2026-12-04T21:00:00Z");

    private static SessionTranscript.Turn turn(String plugin, Artifact... artifacts) {
        TaskResult.Builder result = TaskResult.builder().markdown("done");
        for (Artifact artifact : artifacts) {
            result.artifact(artifact);
        }
        Task task = Task.of(plugin, "x", "do it");
        return new SessionTranscript.Turn("prompt", AT, new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "",
                List.of(task), List.of(TaskRecord.of(task, result.build())), TokenUsage.NONE, Duration.ZERO));
    }

    private static final SessionTranscript SESSION = new SessionTranscript(new SessionInfo("s", "me", "t", AT, AT, 3,
            TokenUsage.NONE), List.of(
            turn("detection-rules", Artifact.of(Artifact.Kind.OTHER, "ARM template", "{\"old\":1}"),
                    Artifact.of(Artifact.Kind.OTHER, "Bicep", "param old string")),
            turn("sentinel-kql", Artifact.of(Artifact.Kind.QUERY, "KQL, attempt 1", "SecurityEvent | take 1"),
                    Artifact.of(Artifact.Kind.QUERY, "KQL, attempt 2", "SecurityEvent | take 2")),
            turn("detection-rules", Artifact.of(Artifact.Kind.OTHER, "ARM template", "{\"new\":1}")),
            turn("sentinel-kql", Artifact.of(Artifact.Kind.QUERY, "KQL (refused)", ".drop table T"))));

    @Test
    void eachExtensionTakesTheNewestArtifactOfItsKind() {
        assertThat(ArtifactExport.latest(SESSION, Path.of("rule.json"))).map(Artifact::value).contains("{\"new\":1}");
        assertThat(ArtifactExport.latest(SESSION, Path.of("out/RULE.BICEP"))).map(Artifact::value)
                .contains("param old string");
        assertThat(ArtifactExport.latest(SESSION, Path.of("q.kql"))).as("the newest query that was not refused")
                .map(Artifact::value).contains("SecurityEvent | take 2");
    }

    @Test
    void otherExtensionsAndMissingArtifactsFallBackToTheTranscript() {
        assertThat(ArtifactExport.latest(SESSION, Path.of("session.md"))).isEmpty();
        assertThat(ArtifactExport.latest(SESSION, Path.of("noextension"))).isEmpty();
        assertThat(ArtifactExport.latest(SESSION, Path.of("rule.yaml"))).as("no detection YAML in this session")
                .isEmpty();
    }
}
