package io.secai.engine.session;

import io.secai.api.ChatRequest;
import io.secai.api.ChatResponse;
import io.secai.api.ResultTable;
import io.secai.api.SessionContext;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.api.UntrustedText;
import io.secai.engine.PromptOutcome;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.llm.ObservableLlmClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RollingSummaryTest {

    /** An investigation: each turn's result holds the identifiers the next turn builds on. */
    private static final List<String[]> INVESTIGATION = List.of(
            new String[] {"details of incident 4113 with its AlertIds", "IncidentNumber", "4113",
                    "AlertIds", "320192b1-1ae9-429d-ba90-6f9810e71928"},
            new String[] {"the alerts by those AlertIds, with entities", "SystemAlertId",
                    "320192b1-1ae9-429d-ba90-6f9810e71928", "Account", "amelia.ross@contoso.com"},
            new String[] {"sign-ins of those alerts' users", "UserPrincipalName", "amelia.ross@contoso.com",
                    "IPAddress", "185.220.101.69"},
            new String[] {"devices of that address", "IPAddress", "185.220.101.69", "DeviceName", "dc01"});

    @Test
    void theSummaryReplacesTheTurnsThatLeftTheWindowAndKeepsTheirFacts() {
        ContextWindow window = new ContextWindow(2, 100_000, 2_000, text -> text.length() / 4);
        SummarisingModel model = new SummarisingModel();
        RollingSummary summaries = new RollingSummary(model, window);
        List<SessionTranscript.Turn> turns = turns(4);

        RollingSummary.Result summary = summaries.summarise("s", turns, CallObserver.NONE);
        ContextWindow.Window view = window.build("s", turns, List.of(), ContextWindow.Detail.only(Set.of()),
                summary.text());
        String context = view.context().asPromptText(UntrustedText.newFence());

        assertThat(model.requests()).hasSize(1);
        ChatRequest request = model.requests().get(0);
        assertThat(request.purpose()).isEqualTo(RollingSummary.PURPOSE);
        assertThat(request.messages().get(1).content()).as("what the summary is made from")
                .contains("details of incident 4113", "4113", "320192b1-1ae9-429d-ba90-6f9810e71928",
                        "amelia.ross@contoso.com")
                .doesNotContain("sign-ins of those alerts' users");
        assertThat(summary.usage().calls()).isEqualTo(1);
        assertThat(view.context().window()).as("the summary, then the two turns of the window")
                .extracting(SessionContext.Turn::prompt)
                .containsExactly("(summary of the session's first 2 turns, which left the context window)",
                        "sign-ins of those alerts' users", "devices of that address");
        assertThat(context).as("the old turns are gone, their facts are in the summary")
                .doesNotContain("User asked: details of incident 4113", "User asked: the alerts by those AlertIds")
                .contains("4113", "320192b1-1ae9-429d-ba90-6f9810e71928", "amelia.ross@contoso.com");
    }

    @Test
    void eachTurnIsFoldedOnceIntoTheSummarySoFar() {
        ContextWindow window = new ContextWindow(2, 100_000, 2_000, text -> text.length() / 4);
        SummarisingModel model = new SummarisingModel();
        RollingSummary summaries = new RollingSummary(model, window);

        summaries.summarise("s", turns(3), CallObserver.NONE);
        RollingSummary.Result again = summaries.summarise("s", turns(3), CallObserver.NONE);
        assertThat(model.requests()).as("the kept summary serves the same turns again").hasSize(1);
        assertThat(again.usage()).isEqualTo(TokenUsage.NONE);

        RollingSummary.Result later = summaries.summarise("s", turns(4), CallObserver.NONE);

        assertThat(model.requests()).hasSize(2);
        String second = model.requests().get(1).messages().get(1).content();
        assertThat(second).as("the summary so far and only the turn that just left")
                .contains("Summary so far (turns 1-1)", "4113", "the alerts by those AlertIds")
                .doesNotContain("User asked: details of incident 4113", "Turn 1,");
        assertThat(later.text()).get().asString().contains("4113", "amelia.ross@contoso.com");
        assertThat(summaries.summarise("other", turns(2), CallObserver.NONE).text()).isEmpty();
    }

    @Test
    void tasksSeeEarlierResultsAsDigestsUnlessThePlanNamesThem() {
        ContextWindow window = new ContextWindow(5, 100_000, 2_000, text -> text.length() / 4);
        List<SessionTranscript.Turn> turns = turns(3);

        String planning = window.build("s", turns, List.of(), ContextWindow.Detail.DIGESTS, Optional.empty())
                .context().asPromptText(UntrustedText.newFence());
        String task = window.build("s", turns, List.of(), ContextWindow.Detail.only(Set.of("r2")), Optional.empty())
                .context().asPromptText(UntrustedText.newFence());

        assertThat(planning).as("the planner: what each result is, no values (the latest result has no ids)")
                .contains("[r1] 1 row; columns: IncidentNumber, AlertIds", "[r2] 1 row; columns: SystemAlertId, "
                        + "Account", "[r3] 1 row")
                .doesNotContain("Key values", "Ids:", "amelia.ross@contoso.com");
        String planningAfterTwo = window.build("s", turns.subList(0, 2), List.of(), ContextWindow.Detail.DIGESTS,
                Optional.empty()).context().asPromptText(UntrustedText.newFence());
        assertThat(planningAfterTwo).as("the latest result's ids, to fill an input such as an alert id; older"
                        + " results by handle only")
                .contains("Ids: SystemAlertId: 320192b1-1ae9-429d-ba90-6f9810e71928")
                .doesNotContain("Ids: IncidentNumber", "amelia.ross@contoso.com");
        assertThat(task).as("the named result in full, the others as digests with key values")
                .contains("[r2] in full:", "[r1] 1 row; columns: IncidentNumber, AlertIds",
                        "Key values: IncidentNumber: 4113", "[r3] 1 row");
        assertThat(task.substring(task.indexOf("[r2] in full:"))).contains("amelia.ross@contoso.com");
    }

    /** Writes its summary only from what its request holds: the prompts asked and the identifiers found. */
    private static final class SummarisingModel implements ObservableLlmClient {
        private static final Pattern FACT = Pattern.compile(
                "\\b\\d{4}\\b|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[\\w.-]+@[\\w.-]+");
        private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

        List<ChatRequest> requests() {
            return List.copyOf(requests);
        }

        @Override
        public ChatResponse complete(ChatRequest request, CallObserver observer) {
            requests.add(request);
            Set<String> facts = new LinkedHashSet<>();
            Matcher fact = FACT.matcher(request.messages().get(1).content());
            while (fact.find()) {
                facts.add(fact.group());
            }
            return ChatResponse.of("The analyst investigated; identifiers: " + String.join(", ", facts) + ".",
                    TokenUsage.of(1, 100, 20), "stop");
        }

        @Override
        public ChatResponse stream(ChatRequest request, Consumer<String> onDelta, CallObserver observer) {
            return complete(request, observer);
        }

        @Override
        public int countTokens(String text) {
            return text.length() / 4;
        }
    }

    private static List<SessionTranscript.Turn> turns(int count) {
        List<SessionTranscript.Turn> turns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] step = INVESTIGATION.get(i);
            Task task = Task.of("sentinel-kql", "run-kql", step[0]);
            ResultTable table = ResultTable.of(List.of(ResultTable.Column.of(step[1], ResultTable.ColumnType.STRING),
                    ResultTable.Column.of(step[3], ResultTable.ColumnType.STRING)), List.of(List.of(step[2], step[4])));
            TaskResult result = TaskResult.builder().markdown("1 row").table(table)
                    .contextText(step[1] + "," + step[3] + "\n" + step[2] + "," + step[4]).build();
            PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.SUCCEEDED, "", List.of(task),
                    List.of(TaskRecord.of(task, result)), TokenUsage.NONE, Duration.ZERO);
            turns.add(new SessionTranscript.Turn(step[0], Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i),
                    outcome));
        }
        return turns;
    }
}
