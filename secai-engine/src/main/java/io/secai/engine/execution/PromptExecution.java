package io.secai.engine.execution;

import io.secai.api.Artifact;
import io.secai.api.Capability;
import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import io.secai.api.SecAiException;
import io.secai.api.SessionContext.TaskRecord;
import io.secai.api.Task;
import io.secai.api.TaskCancelledException;
import io.secai.api.TaskResult;
import io.secai.api.TokenUsage;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptOutcome.Status;
import io.secai.engine.PromptRun;
import io.secai.engine.audit.AuditEntry;
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.planner.Plan;
import io.secai.engine.session.ContextWindow;
import io.secai.engine.session.SessionTranscript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One prompt from submission to its outcome; it runs on a worker thread and can be cancelled at any point. */
final class PromptExecution implements PromptRun, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptExecution.class);
    private static final String CANCELLED = "Cancelled.";

    private final String id;
    private final String sessionId;
    private final String prompt;
    private final ProgressListener events;
    private final PromptRunner.Services services;
    private final Consumer<PromptExecution> onEnd;
    private final CompletableFuture<PromptOutcome> outcome = new CompletableFuture<>();
    private final Set<Artifact> artifacts = new LinkedHashSet<>();
    private volatile boolean cancelled;
    /** The worker while it plans and runs tasks, the only phase an interrupt may stop; guarded by this. */
    private Thread interruptible;
    private int reportedBudgetDrops;

    PromptExecution(String id, String sessionId, String prompt, ProgressListener events,
                    PromptRunner.Services services, Consumer<PromptExecution> onEnd) {
        this.id = id;
        this.sessionId = sessionId;
        this.prompt = prompt;
        this.events = events;
        this.services = services;
        this.onEnd = onEnd;
    }

    /** A run that never started, already complete with its outcome. */
    static PromptRun finished(String id, PromptOutcome outcome) {
        CompletableFuture<PromptOutcome> done = CompletableFuture.completedFuture(outcome);
        return new PromptRun() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public CompletableFuture<PromptOutcome> outcome() {
                return done;
            }

            @Override
            public void cancel() {
                // Nothing runs, so there is nothing to stop.
            }
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<PromptOutcome> outcome() {
        return outcome;
    }

    @Override
    public void cancel() {
        cancelled = true;
        synchronized (this) {
            if (interruptible != null) {
                interruptible.interrupt();
            }
        }
    }

    @Override
    public void run() {
        Instant at = services.clock().instant();
        long started = System.nanoTime();
        Progress progress = new Progress();
        try {
            synchronized (this) {
                interruptible = Thread.currentThread();
            }
            planAndRun(progress);
        } catch (RuntimeException | Error e) {
            // Even a broken plugin's StackOverflowError must end the run, or its submitter would wait forever.
            LOG.error("Run {} failed unexpectedly", id, e);
            progress.stop(Status.FAILED, "The prompt failed unexpectedly: " + describe(e));
        } finally {
            synchronized (this) {
                interruptible = null;
            }
            // A cancel that arrived late must not break the writes below.
            Thread.interrupted();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        PromptOutcome result = new PromptOutcome(progress.status, progress.message, progress.plan, progress.records,
                progress.usage, elapsed);
        finish(at, progress.note, result);
    }

    private void planAndRun(Progress progress) {
        if (cancelled) {
            progress.stop(Status.CANCELLED, CANCELLED);
            return;
        }
        List<SessionTranscript.Turn> turns = services.sessions().turns(sessionId).orElse(List.of());
        ContextWindow.Window planningView = services.window().build(sessionId, turns, List.of());
        reportBudgetDrops(planningView);
        Plan plan;
        try {
            plan = services.planner().plan(prompt, planningView.context(),
                    services.plugins().stream().map(LoadedPlugin::plugin).toList(),
                    (delay, reason) -> events.on(new ProgressEvent.Waiting(TaskScope.MODEL_SERVICE, delay, reason)));
        } catch (RuntimeException e) {
            if (cancelled) {
                progress.stop(Status.CANCELLED, CANCELLED);
            } else if (e instanceof SecAiException) {
                progress.stop(Status.FAILED, describe(e));
            } else {
                LOG.warn("Planning of run {} failed", id, e);
                progress.stop(Status.FAILED, "Planning failed: " + describe(e));
            }
            return;
        }
        progress.plan = plan.tasks();
        progress.note = plan.note();
        progress.usage = plan.usage();
        events.on(new ProgressEvent.PlanReady(plan.tasks(), plan.note()));
        for (int index = 0; index < plan.tasks().size(); index++) {
            if (cancelled) {
                progress.stop(Status.CANCELLED, CANCELLED);
                return;
            }
            Task task = plan.tasks().get(index);
            events.on(new ProgressEvent.TaskStarted(index, task));
            TaskRecord record = runTask(index, task, turns, progress.records);
            progress.records.add(record);
            progress.usage = progress.usage.plus(record.result().usage());
            artifacts.addAll(record.result().artifacts());
            events.on(new ProgressEvent.TaskFinished(index, task, record.result()));
            if (cancelled) {
                progress.stop(Status.CANCELLED, CANCELLED);
                return;
            }
            if (!record.result().succeeded()) {
                progress.stop(Status.FAILED, record.result().markdown());
                return;
            }
        }
    }

    private TaskRecord runTask(int index, Task task, List<SessionTranscript.Turn> turns, List<TaskRecord> earlier) {
        Optional<LoadedPlugin> found = services.plugins().stream()
                .filter(plugin -> plugin.name().equals(task.plugin())).findFirst();
        if (found.isEmpty()) {
            return TaskRecord.of(task, TaskResult.failed("The plan names the plugin \"" + task.plugin()
                    + "\", which is not loaded. Loaded plugins: " + String.join(", ", loadedNames()) + "."));
        }
        LoadedPlugin plugin = found.get();
        List<String> capabilities = plugin.plugin().capabilities().stream().map(Capability::name).toList();
        if (!capabilities.contains(task.capability())) {
            return TaskRecord.of(task, TaskResult.failed("The plugin \"" + task.plugin() + "\" has no capability \""
                    + task.capability() + "\"; it offers: " + String.join(", ", capabilities) + "."));
        }
        ContextWindow.Window view = services.window().build(sessionId, turns, earlier);
        reportBudgetDrops(view);
        TaskScope scope = new TaskScope(index, view.context(), services.clients(), events, () -> cancelled);
        TaskResult result;
        try {
            result = plugin.call(() -> plugin.plugin().run(task, scope));
            if (result == null) {
                result = TaskResult.failed("The plugin \"" + task.plugin() + "\" returned no result.");
            }
        } catch (TaskCancelledException e) {
            result = TaskResult.failed(CANCELLED);
        } catch (SecAiException e) {
            result = TaskResult.failed(cancelled ? CANCELLED : describe(e));
        } catch (Exception | LinkageError e) {
            if (cancelled) {
                result = TaskResult.failed(CANCELLED);
            } else {
                LOG.warn("Plugin {} failed on task {} of run {}", task.plugin(), index, id, e);
                result = TaskResult.failed("Plugin " + task.plugin() + " failed: " + describe(e));
            }
        }
        artifacts.addAll(scope.artifacts());
        TokenUsage measured = scope.usage();
        return TaskRecord.of(task, measured.calls() > 0 ? result.withUsage(measured) : result);
    }

    private void finish(Instant at, String planNote, PromptOutcome result) {
        try {
            save(at, planNote, result);
        } finally {
            // The session is free before anyone hears of the end, so a listener may submit the next prompt at once.
            onEnd.accept(this);
            events.on(new ProgressEvent.PromptFinished(result.succeeded(), result.message(), result.usage(),
                    result.elapsed()));
            outcome.complete(result);
        }
    }

    private void save(Instant at, String planNote, PromptOutcome result) {
        try {
            services.sessions().record(sessionId, new SessionTranscript.Turn(prompt, at, result));
        } catch (RuntimeException e) {
            LOG.error("Cannot save the turn of run {} in session {}", id, sessionId, e);
            events.on(new ProgressEvent.Notice("This prompt could not be saved in the session: " + describe(e)));
        }
        try {
            services.audit().record(new AuditEntry(at, sessionId, id, prompt, planNote, result,
                    List.copyOf(artifacts)));
        } catch (RuntimeException e) {
            LOG.error("Cannot audit run {}", id, e);
            events.on(new ProgressEvent.Notice("The audit log could not be written: " + describe(e)));
        }
    }

    private void reportBudgetDrops(ContextWindow.Window view) {
        if (view.droppedForBudget() > reportedBudgetDrops) {
            reportedBudgetDrops = view.droppedForBudget();
            events.on(new ProgressEvent.Notice("Left out the " + reportedBudgetDrops + " oldest turn(s) of the "
                    + "session to fit the context budget (session.token-budget)."));
        }
    }

    private List<String> loadedNames() {
        return services.plugins().stream().map(LoadedPlugin::name).sorted().toList();
    }

    private String describe(Throwable error) {
        String message = error.getMessage();
        // Service and SDK errors may echo a request's headers or URL; a secret in them must not reach the user.
        return message == null || message.isBlank() ? error.getClass().getSimpleName()
                : services.redaction().apply(message);
    }

    /** What the run has done so far. */
    private static final class Progress {
        private Status status = Status.SUCCEEDED;
        private String message = "";
        private List<Task> plan = List.of();
        private String note = "";
        private final List<TaskRecord> records = new ArrayList<>();
        private TokenUsage usage = TokenUsage.NONE;

        void stop(Status newStatus, String reason) {
            status = Objects.requireNonNull(newStatus);
            message = Objects.requireNonNull(reason);
        }
    }
}
