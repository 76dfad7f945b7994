package io.secai.engine.execution;

import io.secai.engine.privacy.Privacy;

import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import io.secai.api.SecAiException;
import io.secai.api.TokenUsage;
import io.secai.engine.redaction.PromptSecrets;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;
import io.secai.engine.audit.AuditEntry;
import io.secai.engine.audit.AuditLog;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.planner.Planner;
import io.secai.engine.session.ContextWindow;
import io.secai.engine.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs prompts: checks them, plans them, runs their tasks in order on a worker thread, records the turn in the
 * session and the audit log, and reports progress to the submitter. This is what {@code Engine.submit} does.
 *
 * <p>A prompt that is empty, longer than {@link PromptLimits#maxChars()}, sent to an unknown session, or sent to a
 * session that is already running a prompt is refused at once: nothing is sent to any service and the outcome is
 * {@link PromptOutcome.Status#REFUSED} with a message for the user. One prompt at a time per session is refused
 * rather than queued, so that a later prompt always sees the turn before it and a user never waits on a prompt
 * they cannot see; the frontend can cancel the running one. Different sessions run in parallel.
 *
 * <p>The engine never sends a result back through the model to format it: frontends render results themselves.
 */
public final class PromptRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptRunner.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    private static final int AUDITED_REFUSED_PROMPT_CHARS = 1_000;

    private final Services services;
    private final PromptLimits limits;
    private final PromptSecrets promptSecrets;
    private final Map<String, PromptExecution> running = new ConcurrentHashMap<>();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService workers;

    /**
     * @param sessions the sessions prompts run in
     * @param planner splits prompts into tasks
     * @param plugins the loaded plugins tasks are routed to
     * @param clients the engine's clients, handed to tasks (the model client scoped to each task)
     * @param window decides what of the session each task sees
     * @param limits what a prompt may be
     * @param audit records every prompt
     * @param clock the time recorded for turns and audit lines
     * @param redaction masks secrets in error messages before they reach the user, the session or the audit log
     */
    public PromptRunner(SessionRegistry sessions, Planner planner, List<LoadedPlugin> plugins, ClientLookup clients,
                        ContextWindow window, PromptLimits limits, AuditLog audit, Clock clock,
                        UnaryOperator<String> redaction) {
        this(sessions, planner, plugins, clients, window, limits, Deadlines.defaults(), audit, clock, redaction);
    }

    /**
     * @param sessions the sessions prompts run in
     * @param planner splits prompts into tasks
     * @param plugins the loaded plugins tasks are routed to
     * @param clients the engine's clients, handed to tasks (the model client scoped to each task)
     * @param window decides what of the session each task sees
     * @param limits what a prompt may be
     * @param deadlines how long tasks and prompts may run before they are stopped
     * @param audit records every prompt
     * @param clock the time recorded for turns and audit lines
     * @param redaction masks secrets in error messages before they reach the user, the session or the audit log
     */
    public PromptRunner(SessionRegistry sessions, Planner planner, List<LoadedPlugin> plugins, ClientLookup clients,
                        ContextWindow window, PromptLimits limits, Deadlines deadlines, AuditLog audit, Clock clock,
                        UnaryOperator<String> redaction) {
        this(sessions, planner, plugins, clients, window, ContextPolicy.FULL, limits, deadlines, audit, clock,
                redaction, Privacy.OFF);
    }

    /**
     * As the constructor before, with anonymization: a session it is on for has every model request of its prompts
     * (planning included, when the planner's client is a {@link io.secai.engine.privacy.PrivacyGate}) masked, and
     * the answers turned back.
     *
     * @param sessions the sessions prompts run in
     * @param planner splits prompts into tasks
     * @param plugins the loaded plugins tasks are routed to
     * @param clients the engine's clients, handed to tasks (the model client scoped to each task)
     * @param window decides what of the session each task sees
     * @param limits what a prompt may be
     * @param deadlines how long tasks and prompts may run before they are stopped
     * @param audit records every prompt
     * @param clock the time recorded for turns and audit lines
     * @param redaction masks secrets in error messages before they reach the user, the session or the audit log
     * @param privacy each session's anonymization
     */
    public PromptRunner(SessionRegistry sessions, Planner planner, List<LoadedPlugin> plugins, ClientLookup clients,
                        ContextWindow window, PromptLimits limits, Deadlines deadlines, AuditLog audit, Clock clock,
                        UnaryOperator<String> redaction, Privacy privacy) {
        this(sessions, planner, plugins, clients, window, ContextPolicy.FULL, limits, deadlines, audit, clock,
                redaction, privacy);
    }

    /**
     * @param sessions the sessions prompts run in
     * @param planner splits prompts into tasks
     * @param plugins the loaded plugins tasks are routed to
     * @param clients the engine's clients, handed to tasks (the model client scoped to each task)
     * @param window decides what of the session each task sees
     * @param context whether earlier results are digested and old turns summarised
     * @param limits what a prompt may be
     * @param deadlines how long tasks and prompts may run before they are stopped
     * @param audit records every prompt
     * @param clock the time recorded for turns and audit lines
     * @param redaction masks secrets in error messages before they reach the user, the session or the audit log
     * @param privacy each session's anonymization
     */
    public PromptRunner(SessionRegistry sessions, Planner planner, List<LoadedPlugin> plugins, ClientLookup clients,
                        ContextWindow window, ContextPolicy context, PromptLimits limits, Deadlines deadlines,
                        AuditLog audit, Clock clock, UnaryOperator<String> redaction, Privacy privacy) {
        this(sessions, planner, constant(List.copyOf(plugins)), clients, window, context, limits, deadlines, audit,
                clock, redaction, privacy);
    }

    /**
     * As the constructor before, with plugins that may still be starting: each prompt asks for them when it plans
     * (on its own thread, within its deadline), so {@link #submit} still returns at once.
     *
     * @param sessions the sessions prompts run in
     * @param planner splits prompts into tasks
     * @param plugins gives the loaded plugins, waiting until they have started
     * @param clients the engine's clients, handed to tasks (the model client scoped to each task)
     * @param window decides what of the session each task sees
     * @param context whether earlier results are digested and old turns summarised
     * @param limits what a prompt may be
     * @param deadlines how long tasks and prompts may run before they are stopped
     * @param audit records every prompt
     * @param clock the time recorded for turns and audit lines
     * @param redaction masks secrets in error messages before they reach the user, the session or the audit log
     * @param privacy each session's anonymization
     */
    public PromptRunner(SessionRegistry sessions, Planner planner, Supplier<List<LoadedPlugin>> plugins,
                        ClientLookup clients, ContextWindow window, ContextPolicy context, PromptLimits limits,
                        Deadlines deadlines, AuditLog audit, Clock clock, UnaryOperator<String> redaction,
                        Privacy privacy) {
        this.services = new Services(Objects.requireNonNull(sessions, "sessions"),
                Objects.requireNonNull(planner, "planner"), Objects.requireNonNull(plugins, "plugins"),
                Objects.requireNonNull(clients, "clients"), Objects.requireNonNull(window, "window"),
                Objects.requireNonNull(audit, "audit"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(redaction, "redaction"), Objects.requireNonNull(deadlines, "deadlines"),
                Objects.requireNonNull(privacy, "privacy"), Objects.requireNonNull(context, "context"));
        this.limits = Objects.requireNonNull(limits, "limits");
        this.promptSecrets = new PromptSecrets(redaction);
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "secai-prompt-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a prompt and returns at once. Never throws for bad input.
     *
     * @param sessionId the session
     * @param prompt what the user typed
     * @param listener receives this run's progress events, ending with {@link ProgressEvent.PromptFinished}
     * @return the run, to await or cancel
     */
    public PromptRun submit(String sessionId, String prompt, ProgressListener listener) {
        String runId = UUID.randomUUID().toString();
        ProgressListener events = new SafeListener(listener == null ? ProgressListener.NONE : listener, runId);
        String typed = prompt == null ? "" : prompt.strip();
        // Masked before anything keeps or sends it: the session, the audit log, the planner and the plugins all
        // see only the masked prompt.
        PromptSecrets.Found secrets = promptSecrets.mask(typed);
        String text = secrets.text();
        if (!secrets.kinds().isEmpty()) {
            events.on(new ProgressEvent.Notice(secrets.notice()));
        }
        String session = sessionId == null ? "" : sessionId;
        if (text.isEmpty()) {
            return refused(runId, session, text, events, "The prompt is empty: type a question or a task.");
        }
        if (text.length() > limits.maxChars()) {
            return refused(runId, session, text, events, String.format(Locale.ROOT,
                    "The prompt has %,d characters; the limit is %,d (secai.prompt.max-chars). Shorten it or "
                            + "split it into several prompts.", text.length(), limits.maxChars()));
        }
        if (services.sessions().turns(session).isEmpty()) {
            return refused(runId, session, text, events,
                    "Unknown session \"" + clip(session, 64) + "\": start a new session or pick one from the list.");
        }
        PromptExecution execution = new PromptExecution(runId, session, text, events, services,
                ended -> running.remove(session, ended));
        if (running.putIfAbsent(session, execution) != null) {
            return refused(runId, session, text, events, "A prompt is already running in this session: wait for it "
                    + "to finish or cancel it.");
        }
        try {
            workers.execute(execution);
        } catch (RejectedExecutionException e) {
            running.remove(session, execution);
            return refused(runId, session, text, events, "SecAI is shutting down; the prompt was not run.");
        }
        return execution;
    }

    /** Cancels running prompts and stops the workers, waiting a few seconds for them to end. */
    @Override
    public void close() {
        workers.shutdown();
        new ArrayList<>(running.values()).forEach(PromptExecution::cancel);
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Prompts still running {} after shutdown began; interrupting them", SHUTDOWN_WAIT);
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A prompt refused before anything ran, for an engine that may not run prompts at all (a read-only data
     * folder); nothing is audited, as nothing may be written.
     *
     * @param message why, for the user
     * @param listener hears the end at once
     * @return the finished run
     */
    public static PromptRun refusal(String message, ProgressListener listener) {
        String runId = UUID.randomUUID().toString();
        ProgressListener events = new SafeListener(listener == null ? ProgressListener.NONE : listener, runId);
        events.on(new ProgressEvent.PromptFinished(false, message, TokenUsage.NONE, Duration.ZERO));
        return new FinishedRun(runId, new PromptOutcome(PromptOutcome.Status.REFUSED, message, List.of(),
                List.of(), TokenUsage.NONE, Duration.ZERO));
    }

    private PromptRun refused(String runId, String sessionId, String prompt, ProgressListener events, String message) {
        PromptOutcome outcome = new PromptOutcome(PromptOutcome.Status.REFUSED, message, List.of(), List.of(),
                TokenUsage.NONE, Duration.ZERO);
        String audited = prompt.length() <= AUDITED_REFUSED_PROMPT_CHARS ? prompt
                : clip(prompt, AUDITED_REFUSED_PROMPT_CHARS) + " (" + prompt.length() + " characters in all)";
        try {
            services.audit().record(new AuditEntry(services.clock().instant(), clip(sessionId, 64), runId, audited,
                    "", outcome, List.of()));
        } catch (SecAiException e) {
            LOG.error("Cannot audit refused run {}", runId, e);
            events.on(new ProgressEvent.Notice(e.getMessage()));
        }
        events.on(new ProgressEvent.PromptFinished(false, message, TokenUsage.NONE, Duration.ZERO));
        return new FinishedRun(runId, outcome);
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length) + "…";
    }

    /** What every run needs from the engine. */
    record Services(SessionRegistry sessions, Planner planner, Supplier<List<LoadedPlugin>> startedPlugins,
                    ClientLookup clients, ContextWindow window, AuditLog audit, Clock clock,
                    UnaryOperator<String> redaction, Deadlines deadlines, Privacy privacy, ContextPolicy context) {
        /** @return the loaded plugins, once they have started */
        List<LoadedPlugin> plugins() {
            return startedPlugins.get();
        }
    }

    private static Supplier<List<LoadedPlugin>> constant(List<LoadedPlugin> plugins) {
        return () -> plugins;
    }
}
