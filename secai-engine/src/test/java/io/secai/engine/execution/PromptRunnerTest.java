package io.secai.engine.execution;

import io.secai.api.UntrustedText;
import io.secai.api.Artifact;
import io.secai.api.ChatMessage;
import io.secai.api.ChatRequest;
import io.secai.api.LlmClient;
import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import io.secai.api.ResultTable;
import io.secai.api.ServiceException;
import io.secai.api.SessionContext;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptOutcome.Status;
import io.secai.engine.PromptRun;
import io.secai.engine.audit.AuditEntry;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.planner.Plan;
import io.secai.engine.planner.Planner;
import io.secai.engine.session.ContextWindow;
import io.secai.engine.session.FileSessionStore;
import io.secai.engine.session.InMemorySessionStore;
import io.secai.engine.session.SessionRegistry;
import io.secai.engine.session.SessionStore;
import io.secai.engine.session.SessionStoreException;
import io.secai.engine.session.StoredSession;
import io.secai.engine.session.SessionTranscript;
import io.secai.engine.testing.ScriptedLlmClient;
import io.secai.engine.testing.ScriptedPlanner;
import io.secai.engine.testing.TestPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class PromptRunnerTest {

    private static final String SECRET = "sk-very-secret-0123456789";

    private static final String OWNER = "analyst";
    private static final TokenUsage PLANNING = TokenUsage.of(1, 100, 20);

    private final ScriptedLlmClient model = new ScriptedLlmClient();
    private final SessionRegistry sessions = new SessionRegistry(new InMemorySessionStore(), Clock.systemUTC());
    private final List<AuditEntry> audited = new CopyOnWriteArrayList<>();
    private final List<PromptRunner> runners = new ArrayList<>();

    @AfterEach
    void closeRunners() {
        runners.forEach(PromptRunner::close);
    }

    @Test
    void twoTaskPromptRunsInOrderAndTheSecondTaskSeesTheFirstResult() throws Exception {
        ResultTable table = ResultTable.of(List.of(ResultTable.Column.of("Title", ResultTable.ColumnType.STRING)),
                List.of(List.of("Brute force on vm-1")));
        AtomicReference<SessionContext> seenBySecond = new AtomicReference<>();
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("incidents", "list incidents"),
                        task("summary", "summarise them"))),
                TestPlugin.loaded("incidents", (task, context) -> TaskResult.builder().markdown("1 incident")
                        .table(table).build()),
                TestPlugin.loaded("summary", (task, context) -> {
                    seenBySecond.set(context.session());
                    return TaskResult.success("One brute-force incident.");
                }));
        String session = sessions.create(OWNER).id();
        Recorder events = new Recorder();

        PromptOutcome outcome = await(runner.submit(session, "incidents and a summary", events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(outcome.tasks()).extracting(record -> record.task().plugin()).containsExactly("incidents", "summary");
        List<TaskRecord> earlier = seenBySecond.get().earlierTasks();
        assertThat(earlier).hasSize(1);
        assertThat(earlier.get(0).task().plugin()).isEqualTo("incidents");
        assertThat(earlier.get(0).result().table()).contains(table);
        assertThat(earlier.get(0).contextText()).contains("Brute force on vm-1");
        assertThat(events.types()).containsExactly("PlanReady", "TaskStarted", "TaskFinished", "TaskStarted",
                "TaskFinished", "PromptFinished");
    }

    @Test
    void aLaterPromptSeesTheEarlierTurnInItsWindow() throws Exception {
        AtomicReference<SessionContext> seen = new AtomicReference<>();
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("echo", prompt))),
                TestPlugin.loaded("echo", (task, context) -> {
                    seen.set(context.session());
                    return TaskResult.success("answer to " + task.instruction());
                }));
        String session = sessions.create(OWNER).id();

        await(runner.submit(session, "first question", ProgressListener.NONE));
        await(runner.submit(session, "second question", ProgressListener.NONE));

        assertThat(seen.get().window()).hasSize(1);
        assertThat(seen.get().window().get(0).prompt()).isEqualTo("first question");
        assertThat(seen.get().asPromptText(UntrustedText.newFence())).contains("answer to first question");
        assertThat(sessions.transcript(OWNER, session).orElseThrow().turns()).hasSize(2);
    }

    @Test
    void aFailingTaskStopsThePlanWithItsReasonAndTheSessionGoesOn() throws Exception {
        AtomicInteger laterTaskRuns = new AtomicInteger();
        AtomicBoolean failNext = new AtomicBoolean(true);
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("query", prompt), task("later", prompt))),
                TestPlugin.loaded("query", (task, context) -> failNext.getAndSet(false)
                        ? TaskResult.failed("The query failed: table SecurityIncident is not in the workspace.")
                        : TaskResult.success("rows")),
                TestPlugin.loaded("later", (task, context) -> {
                    laterTaskRuns.incrementAndGet();
                    return TaskResult.success("done");
                }));
        String session = sessions.create(OWNER).id();

        PromptOutcome failed = await(runner.submit(session, "show incidents", ProgressListener.NONE));
        PromptOutcome next = await(runner.submit(session, "show incidents again", ProgressListener.NONE));

        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.message()).isEqualTo("The query failed: table SecurityIncident is not in the workspace.");
        assertThat(failed.tasks()).hasSize(1);
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(laterTaskRuns).hasValue(1);
        List<SessionTranscript.Turn> turns = sessions.transcript(OWNER, session).orElseThrow().turns();
        assertThat(turns).extracting(turn -> turn.outcome().status()).containsExactly(Status.FAILED, Status.SUCCEEDED);
    }

    @Test
    void aSecretInAPluginsErrorNeverReachesTheUserOrTheSession() throws Exception {
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("leaky", prompt))),
                TestPlugin.loaded("leaky", (task, context) -> {
                    throw new IllegalStateException("401 for request with api-key: " + SECRET);
                }));
        String session = sessions.create(OWNER).id();
        List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        PromptOutcome outcome = await(runner.submit(session, "anything", events::add));

        assertThat(outcome.message()).isEqualTo("Plugin leaky failed: 401 for request with api-key: ***");
        assertThat(events).isNotEmpty();
        assertThat(events.toString()).doesNotContain(SECRET);
        assertThat(sessions.transcript(OWNER, session).orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void anExceptionInAPluginBecomesAMessageNamingThePlugin() throws Exception {
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("broken", prompt))),
                TestPlugin.loaded("broken", (task, context) -> {
                    throw new IllegalStateException("index 3 out of bounds");
                }));
        String session = sessions.create(OWNER).id();

        PromptOutcome outcome = await(runner.submit(session, "anything", ProgressListener.NONE));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Plugin broken failed: index 3 out of bounds");
        assertThat(outcome.tasks().get(0).result().markdown()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void anErrorThrownByAPluginStillEndsTheRunAndFreesTheSession() throws Exception {
        AtomicBoolean overflow = new AtomicBoolean(true);
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("recursive", prompt))),
                TestPlugin.loaded("recursive", (task, context) -> {
                    if (overflow.getAndSet(false)) {
                        throw new StackOverflowError();
                    }
                    return TaskResult.success("fine now");
                }));
        String session = sessions.create(OWNER).id();

        PromptOutcome broken = await(runner.submit(session, "recurse", ProgressListener.NONE));
        PromptOutcome next = await(runner.submit(session, "again", ProgressListener.NONE));

        assertThat(broken.status()).isEqualTo(Status.FAILED);
        assertThat(broken.message()).isEqualTo("The prompt failed unexpectedly: StackOverflowError");
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void aSessionThatCannotBeSavedStillDeliversTheOutcomeWithANotice() throws Exception {
        AtomicBoolean diskFull = new AtomicBoolean(false);
        InMemorySessionStore memory = new InMemorySessionStore();
        SessionRegistry failing = new SessionRegistry(new SessionStore() {
            @Override
            public Loaded loadAll() {
                return memory.loadAll();
            }

            @Override
            public void save(StoredSession session) {
                if (diskFull.get()) {
                    throw new SessionStoreException("Cannot save session: disk full", null);
                }
                memory.save(session);
            }

            @Override
            public void delete(String id) {
                memory.delete(id);
            }
        }, Clock.systemUTC());
        PromptRunner runner = runner(failing, new ScriptedPlanner(prompt -> plan(task("echo", prompt))), echo());
        String session = failing.create(OWNER).id();
        diskFull.set(true);
        Recorder events = new Recorder();

        PromptOutcome outcome = await(runner.submit(session, "hello", events));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(events.of(ProgressEvent.Notice.class)).extracting(ProgressEvent.Notice::message)
                .containsExactly("This prompt could not be saved in the session: Cannot save session: disk full");
        assertThat(events.types()).last().isEqualTo("PromptFinished");
    }

    @Test
    void aSecAiExceptionReachesTheUserWithItsOwnMessage() throws Exception {
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("kql", prompt))),
                TestPlugin.loaded("kql", (task, context) -> {
                    throw new ServiceException("Log Analytics", ServiceException.Kind.REJECTED,
                            "the query has a syntax error at line 2");
                }));
        String session = sessions.create(OWNER).id();

        PromptOutcome outcome = await(runner.submit(session, "anything", ProgressListener.NONE));

        assertThat(outcome.message()).isEqualTo("Log Analytics: the query has a syntax error at line 2");
    }

    @Test
    void anEmptyPromptIsRefusedWithoutPlanning() throws Exception {
        ScriptedPlanner planner = new ScriptedPlanner(prompt -> plan(task("echo", prompt)));
        PromptRunner runner = runner(planner, echo());
        String session = sessions.create(OWNER).id();
        Recorder events = new Recorder();

        PromptOutcome empty = await(runner.submit(session, "", events));
        PromptOutcome blank = await(runner.submit(session, "  \n\t ", ProgressListener.NONE));

        assertThat(empty.status()).isEqualTo(Status.REFUSED);
        assertThat(empty.message()).isEqualTo("The prompt is empty: type a question or a task.");
        assertThat(blank.status()).isEqualTo(Status.REFUSED);
        assertThat(planner.calls()).isZero();
        assertThat(events.types()).containsExactly("PromptFinished");
        assertThat(sessions.transcript(OWNER, session).orElseThrow().turns()).isEmpty();
    }

    @Test
    void anOversizedPromptIsRefusedNamingTheLimitAndItsLength() throws Exception {
        ScriptedPlanner planner = new ScriptedPlanner(prompt -> plan(task("echo", prompt)));
        PromptRunner runner = runner(planner, new PromptLimits(8_000), echo());
        String session = sessions.create(OWNER).id();

        PromptOutcome outcome = await(runner.submit(session, "x".repeat(9_120), ProgressListener.NONE));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.message()).contains("9,120 characters", "8,000", "secai.prompt.max-chars");
        assertThat(planner.calls()).isZero();
        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.outcome().status()).isEqualTo(Status.REFUSED);
            assertThat(entry.prompt()).hasSizeLessThan(1_100).endsWith("(9120 characters in all)");
        });
    }

    @Test
    void aPromptForAnUnknownSessionIsRefused() throws Exception {
        ScriptedPlanner planner = new ScriptedPlanner(prompt -> plan(task("echo", prompt)));
        PromptRunner runner = runner(planner, echo());

        PromptOutcome outcome = await(runner.submit("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "hello",
                ProgressListener.NONE));

        assertThat(outcome.status()).isEqualTo(Status.REFUSED);
        assertThat(outcome.message()).startsWith("Unknown session \"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"");
        assertThat(planner.calls()).isZero();
    }

    @Test
    void aPlanNamingAPluginThatIsNotLoadedFailsClearly() throws Exception {
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("threat-intel", prompt))), echo());
        String session = sessions.create(OWNER).id();

        PromptOutcome outcome = await(runner.submit(session, "look up this hash", ProgressListener.NONE));
        PromptOutcome after = await(runner.submit(session, "again", ProgressListener.NONE));

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).isEqualTo(
                "The plan names the plugin \"threat-intel\", which is not loaded. Loaded plugins: echo.");
        assertThat(after.status()).isEqualTo(Status.FAILED);
        assertThat(sessions.transcript(OWNER, session).orElseThrow().turns()).hasSize(2);
    }

    @Test
    void aPlannerThatCannotReachTheModelFailsThePromptAndTheSessionGoesOn() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> {
            if (down.getAndSet(false)) {
                throw new ServiceException("Azure OpenAI", ServiceException.Kind.UNAVAILABLE,
                        "cannot connect to https://example.openai.azure.com");
            }
            return plan(task("echo", prompt));
        }), echo());
        String session = sessions.create(OWNER).id();

        PromptOutcome failed = await(runner.submit(session, "hello", ProgressListener.NONE));
        PromptOutcome next = await(runner.submit(session, "hello again", ProgressListener.NONE));

        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.message()).isEqualTo("Azure OpenAI: cannot connect to https://example.openai.azure.com");
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void cancellingATaskBlockedInACallEndsCancelledAndTheSessionStillWorks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean block = new AtomicBoolean(true);
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("slow", prompt), task("echo", prompt))),
                TestPlugin.loaded("slow", (task, context) -> {
                    if (!block.getAndSet(false)) {
                        return TaskResult.success("quick this time");
                    }
                    started.countDown();
                    try {
                        Thread.sleep(TimeUnit.MINUTES.toMillis(10));
                        return TaskResult.success("never");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("socket read interrupted", e);
                    }
                }), echo());
        String session = sessions.create(OWNER).id();

        PromptRun run = runner.submit(session, "slow one", ProgressListener.NONE);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        run.cancel();
        PromptOutcome cancelled = await(run);
        PromptOutcome next = await(runner.submit(session, "quick one", ProgressListener.NONE));

        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.message()).isEqualTo("Cancelled.");
        assertThat(cancelled.tasks()).hasSize(1);
        assertThat(next.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(next.tasks()).hasSize(2);
    }

    @Test
    void cancellingATaskThatChecksTheFlagEndsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("polling", prompt))),
                TestPlugin.loaded("polling", (task, context) -> {
                    started.countDown();
                    while (!context.isCancelled()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                    context.throwIfCancelled();
                    return TaskResult.success("never");
                }));
        String session = sessions.create(OWNER).id();

        PromptRun run = runner.submit(session, "poll", ProgressListener.NONE);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        run.cancel();

        assertThat(await(run).status()).isEqualTo(Status.CANCELLED);
        assertThat(sessions.transcript(OWNER, session).orElseThrow().turns()).singleElement()
                .satisfies(turn -> assertThat(turn.outcome().status()).isEqualTo(Status.CANCELLED));
    }

    @Test
    void aSecondPromptInABusySessionIsRefusedWhileOtherSessionsRunInParallel() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("wait", prompt))),
                TestPlugin.loaded("wait", (task, context) -> {
                    bothRunning.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return TaskResult.success("released");
                }));
        String first = sessions.create(OWNER).id();
        String second = sessions.create(OWNER).id();

        PromptRun one = runner.submit(first, "one", ProgressListener.NONE);
        PromptRun two = runner.submit(second, "two", ProgressListener.NONE);
        boolean parallel = bothRunning.await(10, TimeUnit.SECONDS);
        PromptOutcome busy = await(runner.submit(first, "impatient", ProgressListener.NONE));
        release.countDown();

        assertThat(parallel).isTrue();
        assertThat(busy.status()).isEqualTo(Status.REFUSED);
        assertThat(busy.message()).contains("already running in this session");
        assertThat(await(one).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(await(two).status()).isEqualTo(Status.SUCCEEDED);
        assertThat(await(runner.submit(first, "now", ProgressListener.NONE)).status()).isEqualTo(Status.SUCCEEDED);
    }

    @Test
    void theModelClientOfATaskCountsItsTokensAndShowsWaits() throws Exception {
        model.answerAfterWait(Duration.ofSeconds(2), "throttled (HTTP 429)", "first", TokenUsage.of(1, 50, 5))
                .answer("second", TokenUsage.of(1, 70, 9));
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("asker", prompt))),
                TestPlugin.loaded("asker", (task, context) -> {
                    LlmClient llm = context.client(LlmClient.class).orElseThrow();
                    String one = llm.complete(ChatRequest.of("test", List.of(ChatMessage.user("a")))).content();
                    String two = llm.stream(ChatRequest.of("test", List.of(ChatMessage.user("b"))),
                            context::textDelta).content();
                    return TaskResult.success(one + " " + two);
                }));
        String session = sessions.create(OWNER).id();
        Recorder events = new Recorder();

        PromptOutcome outcome = await(runner.submit(session, "ask twice", events));

        TokenUsage taskUsage = TokenUsage.of(2, 120, 14);
        assertThat(outcome.tasks().get(0).result().usage()).isEqualTo(taskUsage);
        assertThat(outcome.usage()).isEqualTo(PLANNING.plus(taskUsage));
        assertThat(events.of(ProgressEvent.Waiting.class)).singleElement().isEqualTo(
                new ProgressEvent.Waiting("Azure OpenAI", Duration.ofSeconds(2), "throttled (HTTP 429)"));
        assertThat(events.of(ProgressEvent.TaskTextDelta.class)).extracting(ProgressEvent.TaskTextDelta::text)
                .containsExactly("second");
        assertThat(events.of(ProgressEvent.PromptFinished.class)).singleElement()
                .satisfies(finished -> assertThat(finished.usage()).isEqualTo(PLANNING.plus(taskUsage)));
    }

    @Test
    void aTaskRunsWithItsPluginsClassLoaderAsContextClassLoader() throws Exception {
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        LoadedPlugin plugin = TestPlugin.loaded("loader", (task, context) -> {
            seen.set(Thread.currentThread().getContextClassLoader());
            return TaskResult.success("ok");
        });
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("loader", prompt))), plugin);

        await(runner.submit(sessions.create(OWNER).id(), "which loader", ProgressListener.NONE));

        assertThat(seen.get()).isSameAs(plugin.loader());
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheRun() throws Exception {
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> plan(task("echo", prompt))), echo());
        String session = sessions.create(OWNER).id();

        PromptOutcome outcome = await(runner.submit(session, "hello", event -> {
            throw new IllegalStateException("the browser went away");
        }));

        assertThat(outcome.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(sessions.transcript(OWNER, session).orElseThrow().turns()).hasSize(1);
    }

    @Test
    void theAuditEntryHoldsThePlanTheEvidenceAndTheOutcome() throws Exception {
        PromptRunner runner = runner(new ScriptedPlanner(prompt -> new Plan(List.of(task("kql", prompt)),
                        "repaired after: unknown plugin \"sentinel\"", PLANNING)),
                TestPlugin.loaded("kql", (task, context) -> {
                    context.artifact(Artifact.query("SecurityIncident | take 10"));
                    return TaskResult.builder().markdown("10 rows").artifact(Artifact.url("https://example.com/a"))
                            .build();
                }));
        String session = sessions.create(OWNER).id();

        PromptRun run = runner.submit(session, "ten incidents", ProgressListener.NONE);
        await(run);

        assertThat(audited).singleElement().satisfies(entry -> {
            assertThat(entry.runId()).isEqualTo(run.id());
            assertThat(entry.sessionId()).isEqualTo(session);
            assertThat(entry.planNote()).startsWith("repaired after");
            assertThat(entry.outcome().plan()).hasSize(1);
            assertThat(entry.artifacts()).containsExactlyInAnyOrder(Artifact.query("SecurityIncident | take 10"),
                    Artifact.url("https://example.com/a"));
        });
    }

    @Test
    void aSessionResumedAfterARestartGivesItsTurnsToTheNextPrompt(@TempDir Path dataDir) throws Exception {
        AtomicReference<SessionContext> seen = new AtomicReference<>();
        Planner planner = new ScriptedPlanner(prompt -> plan(task("echo", prompt)));
        LoadedPlugin echo = TestPlugin.loaded("echo", (task, context) -> {
            seen.set(context.session());
            return TaskResult.success("echo: " + task.instruction());
        });
        SessionRegistry before = new SessionRegistry(new FileSessionStore(dataDir), Clock.systemUTC());
        String session = before.create(OWNER).id();
        try (PromptRunner first = runner(before, planner, echo)) {
            await(first.submit(session, "before the restart", ProgressListener.NONE));
        }

        SessionRegistry after = new SessionRegistry(new FileSessionStore(dataDir), Clock.systemUTC());
        PromptOutcome resumed;
        try (PromptRunner second = runner(after, planner, echo)) {
            resumed = await(second.submit(session, "after the restart", ProgressListener.NONE));
        }

        assertThat(resumed.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(seen.get().window()).singleElement().satisfies(turn -> {
            assertThat(turn.prompt()).isEqualTo("before the restart");
            assertThat(turn.tasks().get(0).contextText()).isEqualTo("echo: before the restart");
        });
        assertThat(after.find(OWNER, session).orElseThrow().turns()).isEqualTo(2);
    }

    private PromptRunner runner(Planner planner, LoadedPlugin... plugins) {
        return runner(planner, new PromptLimits(PromptLimits.DEFAULT_MAX_CHARS), plugins);
    }

    private PromptRunner runner(SessionRegistry registry, Planner planner, LoadedPlugin... plugins) {
        return runner(registry, planner, new PromptLimits(PromptLimits.DEFAULT_MAX_CHARS), plugins);
    }

    private PromptRunner runner(Planner planner, PromptLimits limits, LoadedPlugin... plugins) {
        return runner(sessions, planner, limits, plugins);
    }

    private PromptRunner runner(SessionRegistry registry, Planner planner, PromptLimits limits,
                                LoadedPlugin... plugins) {
        ClientLookup clients = type -> type == LlmClient.class ? Optional.of(model) : Optional.empty();
        PromptRunner runner = new PromptRunner(registry, planner, List.of(plugins), clients,
                new ContextWindow(5, 12_000, 2_000, model::countTokens), limits, audited::add, Clock.systemUTC(),
                text -> text.replace(SECRET, "***"));
        runners.add(runner);
        return runner;
    }

    private static LoadedPlugin echo() {
        return TestPlugin.loaded("echo", (task, context) -> TaskResult.success("echo: " + task.instruction()));
    }

    private static Task task(String plugin, String instruction) {
        return Task.of(plugin, TestPlugin.RUN, instruction);
    }

    private static Plan plan(Task... tasks) {
        return new Plan(List.of(tasks), "", PLANNING);
    }

    private static PromptOutcome await(PromptRun run) throws Exception {
        return run.outcome().get(30, TimeUnit.SECONDS);
    }

    /** Keeps every event of a run, in order. */
    private static final class Recorder implements ProgressListener {
        private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void on(ProgressEvent event) {
            events.add(event);
        }

        List<String> types() {
            return events.stream().map(event -> event.getClass().getSimpleName()).toList();
        }

        <T extends ProgressEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
