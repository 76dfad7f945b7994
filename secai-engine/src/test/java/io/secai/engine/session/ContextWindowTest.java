package io.secai.engine.session;

import io.secai.api.UntrustedText;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.engine.testing.ScriptedLlmClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ContextWindowTest {

    /** Counts words, as the scripted model does, so budgets below are word counts. */
    private final ScriptedLlmClient tokens = new ScriptedLlmClient();

    @Test
    void sixTurnsInAWindowOfFiveKeepTheLastFive() {
        ContextWindow window = new ContextWindow(5, 100_000, 2_000, tokens::countTokens);

        ContextWindow.Window view = window.build("s", turns(6, "short answer"), List.of());

        assertThat(view.context().window()).extracting(SessionContext.Turn::prompt)
                .containsExactly("question 2", "question 3", "question 4", "question 5", "question 6");
        assertThat(view.droppedForSize()).isEqualTo(1);
        assertThat(view.droppedForBudget()).isZero();
    }

    @Test
    void aTightBudgetDropsTheOldestTurnsFirst() {
        List<SessionTranscript.Turn> turns = turns(4, "word ".repeat(40));
        ContextWindow roomy = new ContextWindow(5, 100_000, 2_000, tokens::countTokens);
        int oneTurn = tokens.countTokens(roomy.build("s", turns.subList(0, 1), List.of()).context().asPromptText(UntrustedText.newFence()));
        ContextWindow tight = new ContextWindow(5, 2 * oneTurn + 5, 2_000, tokens::countTokens);

        ContextWindow.Window view = tight.build("s", turns, List.of());

        assertThat(view.context().window()).extracting(SessionContext.Turn::prompt)
                .containsExactly("question 3", "question 4");
        assertThat(view.droppedForBudget()).isEqualTo(2);
        assertThat(tokens.countTokens(view.context().asPromptText(UntrustedText.newFence()))).isLessThanOrEqualTo(2 * oneTurn + 5);
    }

    @Test
    void theCurrentPromptsEarlierTasksCountAgainstTheBudgetBeforeOldTurns() {
        ContextWindow window = new ContextWindow(5, 120, 2_000, tokens::countTokens);
        TaskRecord earlier = record(TaskResult.success("fresh ".repeat(60)));

        ContextWindow.Window view = window.build("s", turns(3, "old ".repeat(30)), List.of(earlier));

        assertThat(view.context().earlierTasks()).hasSize(1);
        assertThat(view.context().window()).extracting(SessionContext.Turn::prompt).containsExactly("question 3");
    }

    @Test
    void aLongResultIsCutToTheResultCapAndKeepsItsTable() {
        ContextWindow window = new ContextWindow(5, 100_000, 50, tokens::countTokens);
        ResultTable table = table(500);
        TaskRecord record = record(TaskResult.builder().markdown("500 sign-ins").table(table).build());

        TaskRecord capped = window.capped(record);

        assertThat(tokens.countTokens(capped.contextText())).isLessThanOrEqualTo(50);
        assertThat(capped.contextText()).startsWith("500 sign-ins").contains("UserPrincipalName | Count")
                .contains("alice0@contoso.com").endsWith("tokens]");
        assertThat(capped.result().table()).contains(table);
        assertThat(capped.result().markdown()).isEqualTo("500 sign-ins");
    }

    @Test
    void aPluginsOwnContextTextIsUsedAndCapped() {
        ContextWindow window = new ContextWindow(5, 100_000, 30, tokens::countTokens);

        TaskRecord small = window.capped(record(TaskResult.builder().markdown("long markdown ".repeat(100))
                .contextText("3 incidents, all closed").build()));
        TaskRecord large = window.capped(record(TaskResult.builder().markdown("x")
                .contextText("row ".repeat(100)).build()));

        assertThat(small.contextText()).isEqualTo("3 incidents, all closed");
        assertThat(tokens.countTokens(large.contextText())).isLessThanOrEqualTo(30);
        assertThat(large.contextText()).startsWith("row row").endsWith("the full result had 100 tokens]");
    }

    @Test
    void aCapTooSmallForTheFullMarkerStillHoldsTheCap() {
        ContextWindow window = new ContextWindow(5, 100_000, 5, tokens::countTokens);

        TaskRecord capped = window.capped(record(TaskResult.success("row ".repeat(100))));

        assertThat(capped.contextText()).isEqualTo("row row row row\n[cut]");
    }

    @Test
    void turnsInTheWindowCarryCappedResultsWhileTheTranscriptKeepsThemWhole() {
        ContextWindow window = new ContextWindow(5, 100_000, 20, tokens::countTokens);
        List<SessionTranscript.Turn> turns = turns(1, "detail ".repeat(500));

        ContextWindow.Window view = window.build("s", turns, List.of());

        String seen = view.context().window().get(0).tasks().get(0).contextText();
        assertThat(tokens.countTokens(seen)).isLessThanOrEqualTo(20);
        assertThat(turns.get(0).outcome().tasks().get(0).result().markdown()).hasSize("detail ".length() * 500);
    }

    static List<SessionTranscript.Turn> turns(int count, String answer) {
        List<SessionTranscript.Turn> turns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Task task = Task.of("gpt", "answer", "question " + i);
            PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(task),
                    List.of(TaskRecord.of(task, TaskResult.success(answer))), TokenUsage.NONE, Duration.ZERO);
            turns.add(new SessionTranscript.Turn("question " + i, Instant.parse("2025-01-01T00:00:00Z")
                    .plusSeconds(i), outcome));
        }
        return turns;
    }

    private static TaskRecord record(TaskResult result) {
        return TaskRecord.of(Task.of("kql", "run", "sign-ins"), result);
    }

    private static ResultTable table(int rows) {
        List<ResultTable.Column> columns = List.of(
                ResultTable.Column.of("UserPrincipalName", ResultTable.ColumnType.STRING),
                ResultTable.Column.of("Count", ResultTable.ColumnType.LONG));
        List<List<Object>> values = IntStream.range(0, rows)
                .mapToObj(i -> List.<Object>of("alice" + i + "@contoso.com", (long) i)).toList();
        return ResultTable.of(columns, values);
    }
}
