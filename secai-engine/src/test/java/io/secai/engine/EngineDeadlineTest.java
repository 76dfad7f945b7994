package io.secai.engine;

import io.secai.engine.ProgressEvent.Notice;
import io.secai.engine.ProgressEvent.TaskProgress;
import io.secai.engine.ProgressEvent.Waiting;
import io.secai.api.Task;
import io.secai.engine.PromptOutcome.Status;
import io.secai.engine.testing.EngineUnderTest;
import io.secai.engine.testing.RecordingListener;
import io.secai.testkit.openai.FakeOpenAi;
import io.secai.testkit.openai.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.secai.engine.testing.EndToEndPlugins.ANSWER;
import static io.secai.engine.testing.EndToEndPlugins.GPT;
import static io.secai.engine.testing.EndToEndPlugins.HANG;
import static io.secai.engine.testing.EndToEndPlugins.WAIT;
import static io.secai.engine.testing.EngineFixtures.OWNER;
import static io.secai.engine.testing.EngineFixtures.await;
import static io.secai.engine.testing.PlanReplies.plan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines and cancellation around plugin and model calls, with plugin jars loaded from a plugins folder and the
 * real azure-ai-openai client against the HTTPS fake: work that never ends is stopped, said plainly, and the session
 * takes the next prompt.
 */
class EngineDeadlineTest {

    @RegisterExtension
    final EngineUnderTest secai = new EngineUnderTest();

    private Engine start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(secai.modelSettings());
        all.putAll(settings);
        Path plugins = secai.pluginsDir(HANG, GPT);
        return secai.start(plugins, all);
    }

    @Test
    void hangingPluginIsStoppedByTheTaskDeadlineAndTheNextPromptWorks(FakeOpenAi openAi) throws Exception {
        Engine engine = start(Map.of("secai.deadline.task", "1s"));
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(Task.of(HANG, WAIT, "wait")));

        PromptOutcome outcome = await(engine.submit(session, "Wait for ever", null));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).isEqualTo("The task was stopped: it took longer than its deadline of 1s "
                + "(secai.deadline.task).");
        openAi.reply(plan(Task.of(GPT, ANSWER, "hello")), Reply.text("Hello."));
        assertThat(await(engine.submit(session, "Say hello", null)).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(engine.sessions().transcript(OWNER, session).orElseThrow().turns())
                .extracting(turn -> turn.outcome().status()).containsExactly(Status.FAILED, Status.SUCCEEDED);
    }

    @Test
    void pluginThatIgnoresInterruptsIsAbandonedAndReportedWithoutBlockingTheSession(FakeOpenAi openAi)
            throws Exception {
        Engine engine = start(Map.of("secai.deadline.task", "1s", "secai.deadline.stop-grace", "200ms"));
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(Task.of(HANG, WAIT, "wait and ignore interrupts")));
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Wait for ever, deafly", events));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).contains("deadline of 1s (secai.deadline.task)");
        assertThat(events.ofType(Notice.class)).extracting(Notice::message).anySatisfy(message -> assertThat(message)
                .startsWith("Plugin hang did not stop within 200ms after it was told to; it was left running on its "
                        + "own thread"));
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .anyMatch(name -> name.startsWith("secai-task-hang-"));
        openAi.reply(plan(Task.of(GPT, ANSWER, "hello")), Reply.text("Hello."));
        assertThat(await(engine.submit(session, "Say hello", null)).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void cancelStopsAHangingPluginAndTheSessionStaysUsable(FakeOpenAi openAi) throws Exception {
        Engine engine = start(Map.of());
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(Task.of(HANG, WAIT, "wait")));
        CountDownLatch running = new CountDownLatch(1);

        PromptRun run = engine.submit(session, "Wait for ever", event -> {
            if (event instanceof TaskProgress) {
                running.countDown();
            }
        });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        run.cancel();

        assertThat(await(run).status()).isEqualTo(Status.CANCELLED);
        openAi.reply(plan(Task.of(GPT, ANSWER, "hello")), Reply.text("Hello."));
        assertThat(await(engine.submit(session, "Say hello", null)).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void hangingModelResponseIsCutAtTheTaskDeadlineInsteadOfTimeoutTimesRetries(FakeOpenAi openAi)
            throws Exception {
        Engine engine = start(Map.of("secai.deadline.task", "2s"));
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(Task.of(GPT, ANSWER, "hello")), Reply.text("Too late.").withDelay(Duration.ofMinutes(2)));
        long started = System.nanoTime();
        RecordingListener events = new RecordingListener();

        PromptOutcome outcome = await(engine.submit(session, "Say hello", events));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).contains("deadline of 2s (secai.deadline.task)");
        // The model's own budget (120 s per call, 4 attempts) would have kept the prompt for minutes.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
        assertThat(events.ofType(Waiting.class)).isEmpty();
        openAi.reply(plan(Task.of(GPT, ANSWER, "hello")), Reply.text("Hello."));
        assertThat(await(engine.submit(session, "Say hello", null)).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void promptDeadlineBoundsPlanningToo(FakeOpenAi openAi) throws Exception {
        Engine engine = start(Map.of("secai.deadline.prompt", "1s"));
        String session = engine.sessions().create(OWNER).id();
        openAi.reply(plan(Task.of(GPT, ANSWER, "hello")).withDelay(Duration.ofMinutes(2)));

        PromptOutcome outcome = await(engine.submit(session, "Say hello", null));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Planning was stopped: the prompt took longer than its deadline of "
                + "1s (secai.deadline.prompt).");
    }
}
