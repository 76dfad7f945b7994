package io.secai.engine.promptbook;

import static io.secai.engine.testing.EndToEndPlugins.ANSWER;
import static io.secai.engine.testing.EndToEndPlugins.GPT;
import static io.secai.engine.testing.EngineFixtures.OWNER;
import static io.secai.engine.testing.PlanReplies.isPlanning;
import static io.secai.engine.testing.PlanReplies.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.secai.api.Task;
import io.secai.engine.Engine;
import io.secai.engine.ProgressEvent;
import io.secai.engine.PromptOutcome;
import io.secai.engine.testing.EngineUnderTest;
import io.secai.testkit.injection.PromptInjection;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;

/** Promptbooks through the whole engine: real plugins folder, real model client, the fake Azure OpenAI. */
class PromptbookRunTest {

    @RegisterExtension
    final EngineUnderTest secai = new EngineUnderTest();

    private final Promptbook book = new PromptbookReader().read("""
            name: host-review
            description: three steps on one host
            inputs:
              - name: Host
                description: the host
            prompts:
              - Describe <Host>
              - Rate the risk of the host above
              - Write a ticket for it
            """, "host-review.yaml");

    @Test
    void theStepsRunInOrderInOneSessionEachSeeingTheOnesBefore(FakeOpenAi openAi) throws Exception {
        openAi.respondWith(PromptbookRunTest::answerEachStep);
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        List<String> started = new CopyOnWriteArrayList<>();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        PromptbookOutcome outcome = PromptbookRun.start(engine, session, book, Map.of("Host", "web-01"),
                events::add, (number, total, prompt) -> started.add(number + "/" + total + " " + prompt))
                .outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(PromptOutcome.Status.SUCCEEDED);
        assertThat(started).containsExactly("1/3 Describe web-01", "2/3 Rate the risk of the host above",
                "3/3 Write a ticket for it");
        assertThat(outcome.steps()).extracting(step -> step.outcome().tasks().get(0).result().markdown().lines().findFirst().orElse(""))
                .containsExactly("Answer to: Describe web-01", "Answer to: Rate the risk of the host above",
                        "Answer to: Write a ticket for it");
        assertThat(events).filteredOn(ProgressEvent.PromptFinished.class::isInstance).hasSize(3);
        assertThat(engine.sessions().transcript(OWNER, session).orElseThrow().turns())
                .extracting(turn -> turn.prompt())
                .containsExactly("Describe web-01", "Rate the risk of the host above", "Write a ticket for it");
        ChatCall lastAnswer = openAi.calls().get(openAi.calls().size() - 1);
        assertThat(lastAnswer.allText()).as("the third step sees the first two results")
                .contains("Answer to: Describe web-01", "Answer to: Rate the risk of the host above");
    }

    @Test
    void theRunStopsAtTheFirstFailedStepWithAClearMessage(FakeOpenAi openAi) throws Exception {
        openAi.respondWith(call -> isPlanning(call) && asked(call).startsWith("Rate")
                ? Reply.contentFilter("violence") : answerEachStep(call));
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();

        PromptbookOutcome outcome = PromptbookRun.start(engine, session, book, Map.of("Host", "web-01"),
                event -> { }, PromptbookRun.StepListener.NONE).outcome().get(60, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(PromptOutcome.Status.FAILED);
        assertThat(outcome.message()).startsWith("Stopped at step 2 of 3 of the promptbook host-review"
                + " (\"Rate the risk of the host above\"): ").contains("content filter");
        assertThat(outcome.steps()).hasSize(2);
        assertThat(openAi.calls()).noneMatch(call -> call.allText().contains("Write a ticket"));
        assertThat(engine.sessions().transcript(OWNER, session).orElseThrow().turns()).hasSize(2);
    }

    @Test
    void wrongInputsRunNothing(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();

        PromptbookOutcome outcome = PromptbookRun.start(engine, session, book, Map.of("Hots", "web-01"),
                event -> { }, PromptbookRun.StepListener.NONE).outcome().get(5, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(PromptOutcome.Status.REFUSED);
        assertThat(outcome.message()).contains("has no input Hots", "Host");
        assertThat(openAi.calls()).isEmpty();
    }

    private static Reply answerEachStep(ChatCall call) {
        if (isPlanning(call)) {
            return plan(Task.of(GPT, ANSWER, asked(call)));
        }
        String request = call.lastUserText();
        String instruction = request.contains("Write a ticket") ? "Write a ticket for it"
                : request.contains("Rate the risk") ? "Rate the risk of the host above" : "Describe web-01";
        return Reply.text("Answer to: " + instruction);
    }

    private static String asked(ChatCall call) {
        return PromptInjection.blocks(call.lastUserText()).stream().filter(block -> block.source().equals("request"))
                .findFirst().orElseThrow().content().strip();
    }
}
