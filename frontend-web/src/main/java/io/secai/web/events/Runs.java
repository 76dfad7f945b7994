package io.secai.web.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.api.TokenUsage;
import io.secai.engine.Engine;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.promptbook.Promptbook;
import io.secai.engine.promptbook.PromptbookOutcome;
import io.secai.engine.promptbook.PromptbookRun;
import io.secai.web.render.Views;
import io.secai.web.security.AccessToken;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompts started through the web frontend, by a random run id, kept a while after they end so their events can
 * be replayed. One prompt at a time per session. Thread-safe.
 */
public final class Runs {

    private static final int MAX_FINISHED = 1000;

    private final Engine engine;
    private final ObjectMapper json;
    private final Views views;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration retention;
    private final Map<String, Run> byId = new ConcurrentHashMap<>();
    private final Map<String, String> activeBySession = new ConcurrentHashMap<>();

    /**
     * @param engine runs the prompts
     * @param json writes event payloads
     * @param views builds event payloads
     * @param random the source of run ids
     * @param clock the time
     * @param retention how long a finished run's events stay available
     */
    public Runs(Engine engine, ObjectMapper json, Views views, SecureRandom random, Clock clock,
                Duration retention) {
        this.engine = engine;
        this.json = json;
        this.views = views;
        this.random = random;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Starts a prompt in a session the caller has already checked belongs to the owner.
     *
     * @param owner who started it; only they may read or cancel it
     * @param sessionId the session
     * @param prompt the text
     * @return the run
     * @throws SessionBusyException when a prompt is still running in that session
     */
    public Run start(String owner, String sessionId, String prompt) {
        forgetOld();
        String id = AccessToken.randomText(random, 16);
        if (activeBySession.putIfAbsent(sessionId, id) != null) {
            throw new SessionBusyException(sessionId);
        }
        RunLog log = new RunLog(json, views, engine.redactor()::redact);
        PromptRun promptRun;
        try {
            promptRun = engine.submit(sessionId, prompt, log);
        } catch (RuntimeException e) {
            activeBySession.remove(sessionId, id);
            throw e;
        }
        Run run = new Run(id, owner, log, promptRun::cancel, clock.instant());
        byId.put(id, run);
        promptRun.outcome().whenComplete((outcome, failure) -> {
            activeBySession.remove(sessionId, id);
            run.finishedAt = clock.instant();
            // The engine always completes with an outcome; should it ever fail instead, readers of the stream must
            // still get an end rather than keep-alives forever.
            log.finish(outcome != null ? outcome : failed(run, failure));
        });
        return run;
    }

    /**
     * Starts a promptbook, whose inputs the caller has checked, in a session the caller has already checked belongs
     * to the owner. Its events are each step's events, between {@code step-started} and {@code step-finished}, then
     * one {@code outcome} for the whole promptbook (its status and message, the summed usage, no tasks).
     *
     * @param owner who started it
     * @param sessionId the session
     * @param promptbook the promptbook
     * @param inputs its input values
     * @return the run
     * @throws SessionBusyException when a prompt is still running in that session
     */
    public Run startPromptbook(String owner, String sessionId, Promptbook promptbook, Map<String, String> inputs) {
        forgetOld();
        String id = AccessToken.randomText(random, 16);
        if (activeBySession.putIfAbsent(sessionId, id) != null) {
            throw new SessionBusyException(sessionId);
        }
        RunLog log = new RunLog(json, views, engine.redactor()::redact);
        PromptbookRun.StepListener steps = new PromptbookRun.StepListener() {
            @Override
            public void starting(int number, int total, String prompt) {
                log.stepStarted(number, total, prompt);
            }

            @Override
            public void finished(int number, int total, PromptbookOutcome.Step step) {
                log.stepFinished(number, total, step.outcome());
            }
        };
        PromptbookRun promptbookRun;
        try {
            promptbookRun = PromptbookRun.start(engine, sessionId, promptbook, inputs, log, steps);
        } catch (RuntimeException e) {
            activeBySession.remove(sessionId, id);
            throw e;
        }
        Run run = new Run(id, owner, log, promptbookRun::cancel, clock.instant());
        byId.put(id, run);
        promptbookRun.outcome().whenComplete((outcome, failure) -> {
            activeBySession.remove(sessionId, id);
            run.finishedAt = clock.instant();
            log.finish(outcome != null ? summary(run, outcome) : failed(run, failure));
        });
        return run;
    }

    private static PromptOutcome summary(Run run, PromptbookOutcome outcome) {
        TokenUsage usage = outcome.steps().stream().map(step -> step.outcome().usage())
                .reduce(TokenUsage.NONE, TokenUsage::plus);
        return new PromptOutcome(outcome.status(), outcome.message(), List.of(), List.of(), usage,
                Duration.between(run.startedAt, run.finishedAt));
    }

    private static PromptOutcome failed(Run run, Throwable failure) {
        return new PromptOutcome(PromptOutcome.Status.FAILED, "The engine failed: " + failure.getMessage(),
                List.of(), List.of(), TokenUsage.NONE, Duration.between(run.startedAt, run.finishedAt));
    }

    /**
     * @param owner who asks
     * @param id the run id
     * @return the run, when it exists and belongs to the owner
     */
    public Optional<Run> find(String owner, String id) {
        Run run = byId.get(id);
        return run != null && run.owner().equals(owner) ? Optional.of(run) : Optional.empty();
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(retention);
        byId.values().removeIf(run -> run.finishedAt != null && run.finishedAt.isBefore(cutoff));
        if (byId.size() > MAX_FINISHED) {
            byId.values().stream()
                    .filter(run -> run.finishedAt != null)
                    .sorted(Comparator.comparing(run -> run.finishedAt))
                    .limit(byId.size() - MAX_FINISHED)
                    .toList()
                    .forEach(run -> byId.remove(run.id()));
        }
    }

    /** A prompt started through the web frontend. */
    public static final class Run {
        private final String id;
        private final String owner;
        private final RunLog log;
        private final Runnable cancel;
        private final Instant startedAt;
        private volatile Instant finishedAt;

        Run(String id, String owner, RunLog log, Runnable cancel, Instant startedAt) {
            this.id = Objects.requireNonNull(id);
            this.owner = Objects.requireNonNull(owner);
            this.log = Objects.requireNonNull(log);
            this.cancel = Objects.requireNonNull(cancel);
            this.startedAt = Objects.requireNonNull(startedAt);
        }

        /** @return the web run id */
        public String id() {
            return id;
        }

        /** @return who started it */
        public String owner() {
            return owner;
        }

        /** @return its events so far */
        public RunLog log() {
            return log;
        }

        /** Cancels the running prompt (for a promptbook: its current step, and no further step starts). */
        public void cancel() {
            cancel.run();
        }
    }
}
