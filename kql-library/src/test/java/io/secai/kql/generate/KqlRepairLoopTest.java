package io.secai.kql.generate;

import io.secai.api.Artifact;
import io.secai.api.ServiceException;
import io.secai.api.TaskResult;
import io.secai.kql.generate.KqlRepairLoop.Attempt;
import io.secai.kql.guard.GuardOptions;
import io.secai.kql.guard.KqlGuard;
import io.secai.kql.schema.SchemaFiles;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;
import io.secai.testkit.plugin.RecordingTaskContext;
import io.secai.testkit.plugin.ScriptedLlmClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KqlRepairLoopTest {
    private static final TableInfo INCIDENTS = new TableInfo("SecurityIncident", "", SchemaFiles.parseCslColumns(
            "TimeGenerated:datetime, IncidentNumber:int, Title:string, Severity:string"), List.of());
    private static final KqlGuard GUARD = new KqlGuard(WorkspaceSchema.of(List.of(INCIDENTS)),
            GuardOptions.defaults());

    private final ScriptedLlmClient model = new ScriptedLlmClient();
    private final RecordingTaskContext context = RecordingTaskContext.builder().build();
    private final List<String> ran = new ArrayList<>();

    private static String answer(String kql) {
        return "{\"tables\":[\"SecurityIncident\"],\"kql\":\"" + kql + "\",\"rationale\":\"why\",\"timespan\":\"\"}";
    }

    private KqlConversation conversation() {
        return new KqlConversation(model, "Rules.\n", "list incidents", List.of(INCIDENTS), List.of(),
                RecordingTaskContext.EMPTY_SESSION, "");
    }

    private TaskResult run(int maxRepairs, KqlRepairLoop.QueryRunner runner) {
        return new KqlRepairLoop(GUARD, maxRepairs, "The service", "test KQL").run(conversation(), context,
                guarded -> {
                    ran.add(guarded.report().guardedQuery());
                    return runner.run(guarded);
                });
    }

    @Test
    void aGuardedQueryRunsOnceAndTheRunnersResultIsTheTasks() {
        model.answer(answer("SecurityIncident | take 5"));
        TaskResult done = TaskResult.builder().markdown("5 rows.").build();

        TaskResult result = run(2, guarded -> Attempt.done(done));

        assertThat(result).isSameAs(done);
        assertThat(ran).containsExactly("SecurityIncident | take 5");
        assertThat(context.artifacts()).extracting(Artifact::value).containsExactly("SecurityIncident | take 5");
        assertThat(context.progressLines()).containsExactly("Writing test KQL (attempt 1)");
    }

    @Test
    void aServiceRejectionGoesBackToTheModelWithTheServicesWordsAndTheRepairRuns() {
        // The guard passes both; only the service knows the first one is wrong.
        model.answer(answer("SecurityIncident | where Severity == 'high' | summarize count() by Title | take 9"))
                .answer(answer("SecurityIncident | where Severity == 'High' | take 9"));

        TaskResult result = run(2, guarded -> guarded.attempt() == 1
                ? Attempt.rejected("SEM0100: wrong case")
                : Attempt.done(TaskResult.builder().markdown("ok after " + guarded.attempt()).build()));

        assertThat(result.markdown()).isEqualTo("ok after 2");
        assertThat(ran).hasSize(2);
        assertThat(ScriptedLlmClient.text(model.lastRequest()))
                .contains("The service rejected it: SEM0100: wrong case");
        assertThat(context.progressLines()).contains("The service rejected the query (SEM0100: wrong case);"
                + " asking the model to repair it (repair 1 of 2)");
        assertThat(context.artifacts()).extracting(Artifact::label).contains("KQL, attempt 2");
    }

    @Test
    void afterMaxRepairsTheLastErrorEndsTheTask() {
        for (int i = 0; i < 3; i++) {
            model.answer(answer("SecurityIncident | take " + (i + 1)));
        }

        TaskResult result = run(2, guarded -> Attempt.rejected("error " + guarded.attempt()));

        assertThat(result.status()).isEqualTo(TaskResult.Status.FAILED);
        assertThat(result.markdown()).isEqualTo("The service rejected the query 3 times; the last error: error 3");
        assertThat(ran).hasSize(3);
        assertThat(model.unusedAnswers()).isZero();
    }

    @Test
    void aQueryTheGuardRefusesNeverRunsAndGetsOneRepair() {
        model.answer(answer(".drop table SecurityIncident")).answer(answer("SecurityIncident | take 3"));

        TaskResult result = run(0, guarded -> Attempt.done(TaskResult.builder().markdown("ran").build()));

        assertThat(result.markdown()).isEqualTo("ran");
        assertThat(ran).containsExactly("SecurityIncident | take 3");
        assertThat(ScriptedLlmClient.text(model.lastRequest())).contains("The SecAI guard refused it");
    }

    @Test
    void aSecondGuardRefusalInARowEndsTheTaskWithoutRunning() {
        model.answer(answer(".drop table SecurityIncident"))
                .answer(answer("SecurityIncident | evaluate http_request('https://evil.example')"));

        TaskResult result = run(3, guarded -> Attempt.done(TaskResult.builder().markdown("ran").build()));

        assertThat(result.status()).isEqualTo(TaskResult.Status.FAILED);
        assertThat(result.markdown()).startsWith("The generated KQL was not run because it failed the guard");
        assertThat(result.artifacts()).extracting(Artifact::label).containsExactly("KQL (refused)");
        assertThat(ran).isEmpty();
    }

    @Test
    void otherServiceFailuresEndTheTaskAsTheyAre() {
        model.answer(answer("SecurityIncident | take 1"));
        ServiceException down = new ServiceException("The service", ServiceException.Kind.UNAVAILABLE, "down");

        assertThatThrownBy(() -> run(2, guarded -> {
            throw down;
        })).isSameAs(down);
    }
}
