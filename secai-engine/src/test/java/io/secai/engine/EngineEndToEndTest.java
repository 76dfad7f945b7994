package io.secai.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.engine.ProgressEvent.PlanReady;
import io.secai.engine.ProgressEvent.PromptFinished;
import io.secai.engine.ProgressEvent.TaskStarted;
import io.secai.engine.ProgressEvent.Waiting;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome.Status;
import io.secai.engine.session.SessionInfo;
import io.secai.engine.session.SessionTranscript;
import io.secai.engine.testing.EndToEndPlugins;
import io.secai.engine.testing.EngineUnderTest;
import io.secai.engine.testing.RecordingListener;
import io.secai.testkit.openai.ChatCall;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import io.secai.testkit.injection.PromptInjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.secai.engine.testing.EndToEndPlugins.ANSWER;
import static io.secai.engine.testing.EndToEndPlugins.FIND;
import static io.secai.engine.testing.EndToEndPlugins.GPT;
import static io.secai.engine.testing.EndToEndPlugins.LOOKUP;
import static io.secai.engine.testing.EngineFixtures.API_KEY;
import static io.secai.engine.testing.EngineFixtures.DEPLOYMENT;
import static io.secai.engine.testing.EngineFixtures.OWNER;
import static io.secai.engine.testing.EngineFixtures.await;
import static io.secai.engine.testing.PlanReplies.isPlanning;
import static io.secai.engine.testing.PlanReplies.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The whole engine as a frontend uses it: {@link Engines#start} with plugins compiled outside the reactor in a
 * temporary plugins folder, the real azure-ai-openai client talking HTTPS to {@link FakeOpenAi}, and sessions and
 * the audit log on disk. Each test checks what a user or the model would observe: outcomes, progress events, the
 * requests the model received, session transcripts and the audit file.
 */
class EngineEndToEndTest {

    @RegisterExtension
    final EngineUnderTest secai = new EngineUnderTest();

    @Test
    void twoTasksRunInOrderAndTheSecondSeesTheFirstResult(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        Task lookup = Task.of(LOOKUP, FIND, "hosts with a risk above 5");
        Task summary = Task.of(GPT, ANSWER, "Summarise the hosts found by the previous task");
        openAi.reply(plan(lookup, summary), Reply.text("Two risky hosts: web-01 and db-02."));
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Which hosts are risky? Summarise them.", events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(outcome.plan()).containsExactly(lookup, summary);
        assertThat(outcome.tasks()).extracting(TaskRecord::task).containsExactly(lookup, summary);
        TaskRecord first = outcome.tasks().get(0);
        TaskRecord second = outcome.tasks().get(1);
        assertThat(first.result().markdown()).endsWith("Earlier tasks seen: []");
        assertThat(first.result().table().orElseThrow().rows()).hasSize(2);
        assertThat(second.result().markdown())
                .isEqualTo("Two risky hosts: web-01 and db-02.\n\nEarlier tasks seen: [lookup/find with 2 rows]");

        List<ChatCall> calls = openAi.calls();
        assertThat(calls).hasSize(2);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.deployment()).isEqualTo(DEPLOYMENT);
            assertThat(call.apiKey()).contains(API_KEY);
        });
        assertThat(isPlanning(calls.get(0))).isTrue();
        assertThat(calls.get(0).lastUserText()).contains("Which hosts are risky? Summarise them.");
        assertThat(calls.get(0).systemText()).contains("plugin \"lookup\"", "plugin \"gpt\"");
        ChatCall taskCall = calls.get(1);
        assertThat(isPlanning(taskCall)).isFalse();
        assertThat(taskCall.lastUserText()).isEqualTo(summary.instruction());
        assertThat(taskCall.systemText()).contains("Earlier steps of the current request:", "Result of lookup/find:",
                "Host | Risk", "web-01 | 7", "db-02 | 9");

        assertThat(events.kinds()).containsExactly("PlanReady", "TaskStarted", "TaskArtifact", "TaskFinished",
                "TaskStarted", "TaskFinished", "PromptFinished");
        assertThat(events.ofType(PlanReady.class).get(0).note()).isEmpty();
        assertThat(events.ofType(TaskStarted.class)).extracting(TaskStarted::index, TaskStarted::task)
                .containsExactly(tuple(0, lookup), tuple(1, summary));

        TokenUsage everything = TokenUsage.of(2, openAi.promptTokens(), openAi.completionTokens());
        assertThat(outcome.usage()).isEqualTo(everything);
        assertThat(first.result().usage()).isEqualTo(TokenUsage.NONE);
        assertThat(second.result().usage().calls()).isEqualTo(1);
        assertThat(second.result().usage().promptTokens()).isEqualTo(openAi.promptTokens(taskCall));
        PromptFinished finished = events.ofType(PromptFinished.class).get(0);
        assertThat(finished.succeeded()).isTrue();
        assertThat(finished.usage()).isEqualTo(everything);

        SessionTranscript transcript = engine.sessions().transcript(OWNER, session).orElseThrow();
        assertThat(transcript.turns()).singleElement().satisfies(turn -> {
            assertThat(turn.prompt()).isEqualTo("Which hosts are risky? Summarise them.");
            assertThat(turn.outcome().tasks()).hasSize(2);
        });
        assertThat(transcript.info().usage()).isEqualTo(everything);
    }

    @Test
    void malformedPlanIsRepairedWithASecondPlanningCall(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        Task lookup = Task.of(LOOKUP, FIND, "hosts with a risk above 5");
        openAi.reply(Reply.text("Sure! First I will look up the hosts."), plan(lookup));
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Which hosts are risky?", events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(outcome.plan()).containsExactly(lookup);
        assertThat(openAi.calls()).hasSize(2).allMatch(call -> isPlanning(call));
        ChatCall repair = openAi.calls().get(1);
        assertThat(repair.messages()).extracting(ChatCall.Message::role)
                .containsExactly("system", "user", "assistant", "user");
        assertThat(repair.messages().get(2).content()).isEqualTo("Sure! First I will look up the hosts.");
        assertThat(repair.lastUserText()).startsWith("That answer is not a valid plan.")
                .contains("the answer is not JSON");
        assertThat(events.ofType(PlanReady.class)).singleElement()
                .satisfies(ready -> assertThat(ready.note()).startsWith("repaired after: the answer is not JSON"));
        assertThat(outcome.usage().calls()).isEqualTo(2);
    }

    @Test
    void planMalformedTwiceFallsBackToGptAndSaysSoInPlanReady(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        String prompt = "Explain what a golden ticket attack is.";
        openAi.reply(Reply.text("{\"steps\": []}"), Reply.text("I cannot plan that."),
                Reply.text("A forged Kerberos TGT."));
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, prompt, events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(outcome.plan()).containsExactly(Task.of(GPT, ANSWER, prompt));
        PlanReady ready = events.ofType(PlanReady.class).get(0);
        assertThat(ready.tasks()).containsExactly(Task.of(GPT, ANSWER, prompt));
        assertThat(ready.note()).startsWith("fell back to gpt: the answer is not JSON");
        List<ChatCall> calls = openAi.calls();
        assertThat(calls).hasSize(3);
        assertThat(calls.subList(0, 2)).allMatch(call -> isPlanning(call));
        assertThat(calls.get(1).lastUserText()).contains("the answer has no \"tasks\" list");
        assertThat(isPlanning(calls.get(2))).isFalse();
        assertThat(calls.get(2).lastUserText()).isEqualTo(prompt);
        assertThat(outcome.tasks().get(0).result().markdown()).startsWith("A forged Kerberos TGT.");
        assertThat(outcome.usage().calls()).isEqualTo(3);
    }

    @Test
    void throttledCallShowsAWaitAndThenSucceeds(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(Reply.throttled(Duration.ofMillis(300)), plan(Task.of(LOOKUP, FIND, "hosts")));
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Which hosts are risky?", events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(events.ofType(Waiting.class)).singleElement().satisfies(waiting -> {
            assertThat(waiting.service()).isEqualTo("Azure OpenAI");
            assertThat(waiting.delay()).isEqualTo(Duration.ofMillis(300));
            assertThat(waiting.reason()).isEqualTo("throttled (HTTP 429), waiting 300 ms as the service asks; 60s of "
                    + "the 60s throttling budget (openai.retry.budget) left after this wait");
        });
        assertThat(events.kinds().indexOf("Waiting")).isLessThan(events.kinds().indexOf("PlanReady"));
        assertThat(openAi.callCount()).isEqualTo(2);
        assertThat(outcome.usage().calls()).isEqualTo(1);
    }

    @Test
    void contentFilterFailsClearlyWithoutRetryAndTheSessionAnswersTheNextPrompt(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(Reply.contentFilter("violence"));
        RecordingListener events = new RecordingListener();

        PromptOutcome refused = await(engine.submit(session, "Something the filter dislikes", events));

        assertThat(refused.status()).isEqualTo(Status.FAILED);
        assertThat(refused.message()).isEqualTo("Azure OpenAI: Azure OpenAI's content filter refused the prompt "
                + "(category: violence, severity high). Rephrase the request.");
        assertThat(openAi.callCount()).isEqualTo(1);
        assertThat(events.ofType(Waiting.class)).isEmpty();
        assertThat(events.ofType(PromptFinished.class)).singleElement()
                .satisfies(finished -> assertThat(finished.message()).isEqualTo(refused.message()));

        openAi.reply(plan(Task.of(LOOKUP, FIND, "hosts")));
        PromptOutcome next = await(engine.submit(session, "Which hosts are risky?", new RecordingListener()));

        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(engine.sessions().transcript(OWNER, session).orElseThrow().turns())
                .extracting(turn -> turn.outcome().status()).containsExactly(Status.FAILED, Status.SUCCEEDED);
    }

    @Test
    void onlyTheLastFiveEarlierPromptsReachTheModel(FakeOpenAi openAi) throws Exception {
        // The window itself: no running summary of the turns that leave it (RollingSummaryTest covers that).
        Engine engine = secai.start(Map.of("session.summary", "false"));
        String session = engine.sessions().create(OWNER).id();
        openAi.respondWith(EngineEndToEndTest::planFor);
        List<String> earlier = List.of("turn-A", "turn-B", "turn-C", "turn-D", "turn-E", "turn-F");
        for (String prompt : earlier) {
            assertThat(await(engine.submit(session, "hosts of " + prompt, null)).status())
                    .isEqualTo(Status.SUCCEEDED);
        }
        int before = openAi.callCount();

        PromptOutcome outcome = await(engine.submit(session, "summarise the session", new RecordingListener()));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(outcome.plan()).extracting(Task::plugin).containsExactly(GPT);
        List<ChatCall> calls = openAi.calls().subList(before, openAi.callCount());
        assertThat(calls).hasSize(2);
        for (ChatCall call : calls) {
            String text = call.allText();
            assertThat(text).doesNotContain("turn-A")
                    .contains("User asked: hosts of turn-B", "User asked: hosts of turn-F");
            assertThat(occurrences(text, "User asked: ")).isEqualTo(5);
        }
    }

    @Test
    void smallTokenBudgetDropsTheOldestTurnsFirst(FakeOpenAi openAi) throws Exception {
        // Each turn's lookup result takes about 300 tokens of context, so a budget of 800 holds two turns.
        // Full results, not digests, so that the results themselves exceed the budget.
        Engine engine = secai.start(Map.of("plugins.lookup.context-words", "300", "session.token-budget", "800",
                "session.result-digests", "false"));
        String session = engine.sessions().create(OWNER).id();
        openAi.respondWith(EngineEndToEndTest::planFor);
        for (String prompt : List.of("turn-A", "turn-B", "turn-C", "turn-D")) {
            await(engine.submit(session, "hosts of " + prompt, null));
        }
        int before = openAi.callCount();
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "hosts of turn-E", events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        ChatCall planning = openAi.calls().get(before);
        assertThat(planning.lastUserText()).doesNotContain("turn-A", "turn-B")
                .contains("User asked: hosts of turn-C", "User asked: hosts of turn-D", "hosts of turn-E");
        assertThat(events.ofType(ProgressEvent.Notice.class)).extracting(ProgressEvent.Notice::message)
                .containsExactly("Left out the 2 oldest turn(s) of the session to fit the context budget "
                        + "(session.token-budget).");
    }

    @Test
    void sessionIsResumedAfterARestartAndItsTurnReachesTheModel(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(Task.of(LOOKUP, FIND, "hosts with a risk above 5")));
        PromptOutcome before = await(engine.submit(session, "Which hosts are risky?", null));
        assertThat(before.status()).isEqualTo(Status.SUCCEEDED);

        engine = secai.restart();

        assertThat(engine.sessions().list(OWNER)).singleElement().satisfies(info -> {
            assertThat(info.id()).isEqualTo(session);
            assertThat(info.turns()).isEqualTo(1);
            assertThat(info.title()).isEqualTo("Which hosts are risky?");
            assertThat(info.usage()).isEqualTo(before.usage());
        });
        SessionTranscript transcript = engine.sessions().transcript(OWNER, session).orElseThrow();
        assertThat(transcript.turns()).singleElement().satisfies(turn -> {
            assertThat(turn.prompt()).isEqualTo("Which hosts are risky?");
            assertThat(turn.outcome().tasks().get(0).result().table().orElseThrow().rows()).hasSize(2);
        });
        openAi.reply(plan(Task.of(GPT, ANSWER, "Summarise the risky hosts")), Reply.text("web-01 and db-02."));

        PromptOutcome next = await(engine.submit(session, "Summarise them", new RecordingListener()));

        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
        List<ChatCall> calls = openAi.calls();
        for (ChatCall call : calls.subList(calls.size() - 2, calls.size())) {
            assertThat(call.allText()).contains("User asked: Which hosts are risky?");
        }
        // The planner sees the turn's digest (what it is); this plan names no results, so the task gets the window.
        assertThat(calls.get(calls.size() - 2).allText()).contains("[r1] 2 rows; columns:");
        assertThat(calls.get(calls.size() - 1).allText()).contains("web-01 | 7");
        assertThat(engine.sessions().list(OWNER)).extracting(SessionInfo::turns).containsExactly(2);
    }

    @Test
    void auditLogHasAStartAndAnEndLinePerRunPromptAndNeverTheApiKey(FakeOpenAi openAi) throws Exception {
        Engine engine = secai.start();
        String session = engine.sessions().create(OWNER).id();
        openAi.respondWith(EngineEndToEndTest::planFor);
        List<PromptOutcome> outcomes = new ArrayList<>();
        outcomes.add(await(engine.submit(session, "hosts of turn-A", null)));
        outcomes.add(await(engine.submit(session, "  ", null)));
        outcomes.add(await(engine.submit(session, "is my key " + API_KEY + " still valid?", null)));
        openAi.reply(Reply.contentFilter("hate"));
        outcomes.add(await(engine.submit(session, "hosts of turn-B", null)));

        Path audit = secai.dataDir().resolve("audit.jsonl");
        String text = Files.readString(audit);
        List<String> lines = text.lines().toList();

        assertThat(outcomes).extracting(PromptOutcome::status)
                .containsExactly(Status.SUCCEEDED, Status.REFUSED, Status.SUCCEEDED, Status.FAILED);
        // A key typed into a prompt is masked before it is sent, stored or audited.
        assertThat(openAi.calls()).noneMatch(call -> call.allText().contains(API_KEY));
        assertThat(text).doesNotContain(API_KEY);
        // A prompt that ran has a start line and an end line; the refused one only its end.
        assertThat(lines).hasSize(7);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> entries = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            if (entry.has("event")) {
                assertThat(entry.get("event").asText()).isEqualTo("started");
                starts.add(entry.get("run").asText());
            } else {
                entries.add(entry);
            }
        }
        assertThat(starts).hasSize(3);
        assertThat(entries).extracting(entry -> entry.get("outcome").asText())
                .containsExactly("SUCCEEDED", "REFUSED", "SUCCEEDED", "FAILED");
        assertThat(entries).allSatisfy(entry -> assertThat(entry.get("session").asText()).isEqualTo(session));
        JsonNode first = entries.get(0);
        assertThat(first.get("prompt").asText()).isEqualTo("hosts of turn-A");
        assertThat(first.get("plan").get(0).get("plugin").asText()).isEqualTo(LOOKUP);
        assertThat(first.get("queries").get(0).asText()).isEqualTo(EndToEndPlugins.LOOKUP_QUERY);
        assertThat(first.get("usage").get("totalTokens").asLong()).isEqualTo(outcomes.get(0).usage().totalTokens())
                .isPositive();
        assertThat(entries.get(2).get("prompt").asText()).isEqualTo("is my key *** still valid?");
        assertThat(entries.get(3).get("message").asText()).contains("content filter");
    }

    /** A model that plans a lookup for "hosts of ..." prompts and gpt for anything else, and answers tasks. */
    private static Reply planFor(ChatCall call) {
        if (!isPlanning(call)) {
            return Reply.text("Answered.");
        }
        String request = call.lastUserText();
        String asked = PromptInjection.blocks(request).stream().filter(block -> block.source().equals("request"))
                .findFirst().orElseThrow().content().strip();
        return asked.startsWith("hosts of ")
                ? plan(Task.of(LOOKUP, FIND, asked))
                : plan(Task.of(GPT, ANSWER, asked));
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
