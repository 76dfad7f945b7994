package io.secai.engine.execution;

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
import io.secai.engine.loading.LoadedPlugin;
import io.secai.engine.planner.Plan;
import io.secai.engine.llm.CallObserver;
import io.secai.engine.privacy.Anonymizer;
import io.secai.engine.privacy.MaskReport;
import io.secai.engine.privacy.PrivacyScope;
import io.secai.api.Artifact;
import io.secai.engine.session.ContextWindow;
import io.secai.engine.session.RollingSummary;
import io.secai.engine.session.SessionTranscript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    private final RunRecords runRecords;
    private volatile boolean cancelled;
    /** The worker while it plans and runs tasks, the only phase an interrupt may stop; guarded by this. */
    private Thread interruptible;
    private int reportedBudgetDrops;
    /** The running summary of the turns before the window, once planning made or found it. */
    private Optional<String> summary = Optional.empty();
    private boolean planNamesNoResults;
    /** The prompt's deadline, from the moment the worker started it. */
    private PromptDeadline deadline;
    /** This prompt's anonymizer, or null when its session is not anonymized. */
    private volatile Anonymizer anonymizer;

    PromptExecution(String id, String sessionId, String prompt, ProgressListener events,
                    PromptRunner.Services services, Consumer<PromptExecution> onEnd) {
        this.id = id;
        this.sessionId = sessionId;
        this.prompt = prompt;
        this.events = events;
        this.services = services;
        this.onEnd = onEnd;
        this.runRecords = new RunRecords(id, sessionId, prompt, services.sessions(), services.audit(), events,
                this::describe);
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
    public Optional<String> notSaved() {
        return runRecords.notSaved();
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
        deadline = new PromptDeadline(services.deadlines(), started);
        runRecords.started(at);
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
        // Decided once per prompt: a switch while it runs applies from the next prompt on.
        anonymizer = services.privacy().anonymizer(sessionId).orElse(null);
        List<SessionTranscript.Turn> turns = services.sessions().turns(sessionId).orElse(List.of());
        BoundedCall.Ending<Planned> planning = BoundedCall.run("secai-plan-" + id, () -> {
                    RollingSummary.Result summary = summarise(turns, planningObserver());
                    ContextWindow.Window planningView = services.window().build(sessionId, turns, List.of(),
                            services.context().digests() ? ContextWindow.Detail.DIGESTS : ContextWindow.Detail.ALL,
                            summary.text());
                    reportBudgetDrops(planningView);
                    return new Planned(summary, services.planner().plan(prompt, planningView.context(),
                            services.plugins().stream().map(LoadedPlugin::plugin).toList(), planningObserver()));
                },
                deadline.timeLeft(services.deadlines().prompt()), services.deadlines().stopGrace(), () -> { });
        if (planning.abandoned()) {
            reportAbandoned("The planner");
        }
        if (cancelled || planning.stop() == BoundedCall.Stop.CANCELLED) {
            progress.stop(Status.CANCELLED, CANCELLED);
            return;
        }
        if (planning.stop() == BoundedCall.Stop.DEADLINE) {
            progress.stop(Status.FAILED, "Planning " + deadline.overrun(services.deadlines().prompt()));
            return;
        }
        if (planning.error() instanceof Error error && !(error instanceof LinkageError)) {
            throw error;
        }
        if (planning.error() != null) {
            Throwable e = planning.error();
            if (e instanceof SecAiException) {
                progress.stop(Status.FAILED, describe(e));
            } else {
                LOG.warn("Planning of run {} failed", id, e);
                progress.stop(Status.FAILED, "Planning failed: " + describe(e));
            }
            return;
        }
        Plan plan = planning.value().plan();
        planNamesNoResults = plan.results().isEmpty();
        summary = planning.value().summary().text();
        progress.plan = plan.tasks();
        progress.note = plan.note();
        progress.usage = planning.value().summary().usage().plus(plan.usage());
        events.on(new ProgressEvent.PlanReady(plan.tasks(), plan.note()));
        for (int index = 0; index < plan.tasks().size(); index++) {
            if (cancelled) {
                progress.stop(Status.CANCELLED, CANCELLED);
                return;
            }
            Task task = plan.tasks().get(index);
            events.on(new ProgressEvent.TaskStarted(index, task));
            TaskRecord record = runTask(index, task, turns, progress.records, plan.resultsOf(index));
            progress.records.add(record);
            progress.usage = progress.usage.plus(record.result().usage());
            runRecords.evidence(record.result().artifacts());
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

    private TaskRecord runTask(int index, Task task, List<SessionTranscript.Turn> turns, List<TaskRecord> earlier,
                               Set<String> results) {
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
        // A plan that names no results per task (the fallback to gpt, a planner without handles) leaves the task
        // the whole window, as before digests: it could not ask for what it needs.
        boolean digests = services.context().digests() && !planNamesNoResults;
        ContextWindow.Window view = services.window().build(sessionId, turns, earlier, digests
                ? ContextWindow.Detail.only(results) : ContextWindow.Detail.ALL, summary);
        reportBudgetDrops(view);
        MaskReport masked = new MaskReport();
        TaskScope scope = new TaskScope(index, view.context(), services.clients(), events, () -> cancelled,
                anonymizer, masked);
        Duration limit = deadline.timeLeft(services.deadlines().task());
        BoundedCall.Ending<TaskResult> call = BoundedCall.run("secai-task-" + task.plugin() + "-" + id,
                () -> plugin.call(() -> plugin.plugin().run(task, scope)), limit, services.deadlines().stopGrace(),
                scope::stop);
        // Whatever the call does from now on, the user, the session and the audit log heard its end.
        scope.stop();
        if (call.abandoned()) {
            reportAbandoned("Plugin " + task.plugin());
        }
        TaskResult result;
        if (cancelled || call.stop() == BoundedCall.Stop.CANCELLED) {
            result = TaskResult.failed(CANCELLED);
        } else if (call.stop() == BoundedCall.Stop.DEADLINE) {
            result = TaskResult.failed("The task " + deadline.overrun(services.deadlines().task()));
        } else if (call.error() != null) {
            result = failure(index, task, call.error());
        } else if (call.value() == null) {
            result = TaskResult.failed("The plugin \"" + task.plugin() + "\" returned no result.");
        } else {
            result = call.value();
        }
        runRecords.evidence(scope.artifacts());
        TokenUsage measured = scope.usage();
        if (anonymizer != null && !masked.isEmpty()) {
            // The evidence says which fields the model saw as tokens (never the values), next to the task's own.
            Artifact evidence = Artifact.of(Artifact.Kind.OTHER, "Anonymized", masked.describe());
            result = result.toBuilder().artifact(evidence).build();
            events.on(new ProgressEvent.TaskArtifact(index, evidence));
        }
        return TaskRecord.of(task, measured.calls() > 0 ? result.withUsage(measured) : result);
    }

    /** Waits on the model show as the planner's; in an anonymized session the scope also carries the anonymizer. */
    private CallObserver planningObserver() {
        CallObserver waits = (delay, reason) -> events.on(new ProgressEvent.Waiting(TaskScope.MODEL_SERVICE, delay,
                reason));
        return anonymizer == null ? waits : new PrivacyScope(waits, anonymizer, new MaskReport());
    }

    private TaskResult failure(int index, Task task, Throwable error) {
        if (error instanceof Error fatal && !(error instanceof LinkageError)) {
            // Even a broken plugin's StackOverflowError ends the run (see run()), as it did on the worker.
            throw fatal;
        }
        if (error instanceof TaskCancelledException) {
            return TaskResult.failed(CANCELLED);
        }
        if (error instanceof SecAiException) {
            return TaskResult.failed(cancelled ? CANCELLED : describe(error));
        }
        if (cancelled) {
            return TaskResult.failed(CANCELLED);
        }
        LOG.warn("Plugin {} failed on task {} of run {}", task.plugin(), index, id, error);
        return TaskResult.failed("Plugin " + task.plugin() + " failed: " + describe(error));
    }

    private void reportAbandoned(String who) {
        String grace = Deadlines.describe(services.deadlines().stopGrace());
        LOG.warn("{} did not stop within {} of run {} being stopped; its thread is left behind", who, grace, id);
        events.on(new ProgressEvent.Notice(who + " did not stop within " + grace + " after it was told to; it was "
                + "left running on its own thread and the session goes on. Restart SecAI if this repeats."));
    }

    private void finish(Instant at, String planNote, PromptOutcome result) {
        try {
            runRecords.save(at, planNote, result);
        } finally {
            // The session is free before anyone hears of the end, so a listener may submit the next prompt at once.
            onEnd.accept(this);
            events.on(new ProgressEvent.PromptFinished(result.succeeded(), result.message(), result.usage(),
                    result.elapsed()));
            outcome.complete(result);
        }
    }

    /** The plan and the session summary it was made with. */
    private record Planned(RollingSummary.Result summary, Plan plan) {
    }

    /**
     * The running summary of the turns before the window. A failed summary costs the prompt nothing but those
     * turns: they are left out, as they were before summaries, and the user hears why.
     */
    private RollingSummary.Result summarise(List<SessionTranscript.Turn> turns, CallObserver observer) {
        if (services.context().summary().isEmpty()) {
            return new RollingSummary.Result(Optional.empty(), TokenUsage.NONE);
        }
        try {
            return services.context().summary().get().summarise(sessionId, turns, observer);
        } catch (SecAiException e) {
            LOG.warn("Could not summarise the older turns of session {}: {}", sessionId, describe(e));
            events.on(new ProgressEvent.Notice("The older turns of this session could not be summarised ("
                    + describe(e) + "); they are left out of this prompt's context."));
            return new RollingSummary.Result(Optional.empty(), TokenUsage.NONE);
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
