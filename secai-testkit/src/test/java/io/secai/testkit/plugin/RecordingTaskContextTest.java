package io.secai.testkit.plugin;

import io.secai.api.AccessToken;
import io.secai.api.Artifact;
import io.secai.api.Client;
import io.secai.api.LlmClient;
import io.secai.api.SessionContext;
import io.secai.api.Task;
import io.secai.api.TaskCancelledException;
import io.secai.api.TaskResult;
import io.secai.api.TokenProvider;
import io.secai.api.UntrustedText;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingTaskContextTest {

    @Test
    void recordsProgressArtifactsAndDeltasInTheOrderTheyCame() {
        RecordingTaskContext context = RecordingTaskContext.builder().build();

        context.progress("Fetching https://example.com/");
        context.artifact(Artifact.url("https://example.com/"));
        context.textDelta("Hello ");
        context.progress("Asking the model");
        context.textDelta("world");

        assertThat(context.events()).containsExactly(
                new RecordingTaskContext.Reported.Progress("Fetching https://example.com/"),
                new RecordingTaskContext.Reported.Shown(Artifact.url("https://example.com/")),
                new RecordingTaskContext.Reported.TextDelta("Hello "),
                new RecordingTaskContext.Reported.Progress("Asking the model"),
                new RecordingTaskContext.Reported.TextDelta("world"));
        assertThat(context.progressLines()).containsExactly("Fetching https://example.com/", "Asking the model");
        assertThat(context.artifacts()).containsExactly(Artifact.url("https://example.com/"));
        assertThat(context.deltas()).containsExactly("Hello ", "world");
        assertThat(context.streamedText()).isEqualTo("Hello world");
    }

    @Test
    void recordsEveryReportFromConcurrentWorkers() {
        RecordingTaskContext context = RecordingTaskContext.builder().build();

        IntStream.range(0, 200).parallel().forEach(i -> context.progress("line " + i));

        assertThat(context.progressLines()).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void handsOutOnlyTheClientsAddedByTheirExactType() {
        ScriptedLlmClient model = new ScriptedLlmClient();
        RecordingTaskContext context = RecordingTaskContext.builder().client(LlmClient.class, model).build();

        assertThat(context.client(LlmClient.class)).containsSame(model);
        assertThat(context.client(TokenProvider.class)).isEmpty();
        assertThat(context.client(Client.class)).isEmpty();
    }

    @Test
    void withoutASessionTheTaskSeesAnEmptyOne() {
        SessionContext session = RecordingTaskContext.builder().build().session();

        assertThat(session.window()).isEmpty();
        assertThat(session.earlierTasks()).isEmpty();
        assertThat(session.asPromptText(UntrustedText.newFence())).isEmpty();
    }

    @Test
    void theTaskSeesTheSessionTheTestChose() {
        SessionContext session = SessionContext.of("s1", List.of(SessionContext.Turn.of("list incidents",
                List.of(SessionContext.TaskRecord.of(Task.of("kql", "run", "list"), TaskResult.success("INC-1"))),
                Instant.parse("2025-03-01T08:00:00Z"))), List.of());

        assertThat(RecordingTaskContext.builder().session(session).build().session()).isSameAs(session);
    }

    @Test
    void aContextCanStartCancelledOrBeCancelledWhileTheTaskRuns() {
        RecordingTaskContext running = RecordingTaskContext.builder().build();
        RecordingTaskContext cancelled = RecordingTaskContext.builder().cancelled(true).build();

        running.throwIfCancelled();
        running.cancel();

        assertThat(running.isCancelled()).isTrue();
        assertThatThrownBy(running::throwIfCancelled).isInstanceOf(TaskCancelledException.class);
        assertThatThrownBy(cancelled::throwIfCancelled).isInstanceOf(TaskCancelledException.class);
    }

    @Test
    void aBuilderMakesIndependentContexts() {
        TokenProvider tokens = scopes -> AccessToken.of("t", Instant.MAX);
        RecordingTaskContext.Builder builder = RecordingTaskContext.builder().client(TokenProvider.class, tokens);
        RecordingTaskContext first = builder.build();
        builder.client(LlmClient.class, new ScriptedLlmClient());
        RecordingTaskContext second = builder.build();

        first.progress("only in the first");
        first.cancel();

        assertThat(first.client(LlmClient.class)).isEmpty();
        assertThat(second.client(LlmClient.class)).isPresent();
        assertThat(second.client(TokenProvider.class)).containsSame(tokens);
        assertThat(second.progressLines()).isEmpty();
        assertThat(second.isCancelled()).isFalse();
    }

    @Test
    void refusesANullClientWithAHint() {
        assertThatThrownBy(() -> RecordingTaskContext.builder().client(LlmClient.class, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("no LlmClient given; to offer none, do not add one");
    }
}
