package io.secai.engine.promptbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.secai.engine.Engine;
import io.secai.engine.ProgressListener;
import io.secai.engine.PromptOutcome;
import io.secai.engine.PromptRun;

/**
 * A promptbook running in one session: its prompts are submitted one after the other through
 * {@link Engine#submit}, so each is planned, shown and remembered exactly as a typed prompt, and each sees the
 * results of the ones before in the session context. The run stops at the first step that does not succeed.
 */
public final class PromptbookRun {

    /** Hears which step starts; the steps' own progress goes to the {@link ProgressListener}. */
    @FunctionalInterface
    public interface StepListener {
        /** Hears nothing. */
        StepListener NONE = (number, total, prompt) -> { };

        /**
         * @param number the step, from 1
         * @param total how many steps the promptbook has
         * @param prompt the prompt, inputs put in
         */
        void starting(int number, int total, String prompt);

        /**
         * Hears a step end, before the next one starts (on the engine's thread).
         *
         * @param number the step, from 1
         * @param total how many steps the promptbook has
         * @param step the prompt and how it ended
         */
        default void finished(int number, int total, PromptbookOutcome.Step step) {
        }
    }

    private final Engine engine;
    private final Promptbook promptbook;
    private final String sessionId;
    private final List<String> prompts;
    private final ProgressListener progress;
    private final StepListener steps;
    private final List<PromptbookOutcome.Step> done = new ArrayList<>();
    private final CompletableFuture<PromptbookOutcome> outcome = new CompletableFuture<>();
    private PromptRun current;
    private boolean cancelled;

    private PromptbookRun(Engine engine, Promptbook promptbook, String sessionId, List<String> prompts,
                          ProgressListener progress, StepListener steps) {
        this.engine = engine;
        this.promptbook = promptbook;
        this.sessionId = sessionId;
        this.prompts = prompts;
        this.progress = progress;
        this.steps = steps;
    }

    /**
     * Starts a promptbook and returns at once. Wrong inputs start nothing: the outcome is already complete with
     * status {@link PromptOutcome.Status#REFUSED} and a message naming the input.
     *
     * @param engine the engine
     * @param sessionId the session the prompts run in
     * @param promptbook the promptbook
     * @param inputs values by input name
     * @param progress receives every step's progress events
     * @param steps hears each step start
     * @return the run
     */
    public static PromptbookRun start(Engine engine, String sessionId, Promptbook promptbook,
                                      Map<String, String> inputs, ProgressListener progress, StepListener steps) {
        List<String> prompts;
        try {
            prompts = promptbook.fill(inputs);
        } catch (PromptbookException e) {
            PromptbookRun refused = new PromptbookRun(engine, promptbook, sessionId, List.of(), progress, steps);
            refused.outcome.complete(new PromptbookOutcome(promptbook.name(), sessionId,
                    PromptOutcome.Status.REFUSED, e.getMessage(), List.of()));
            return refused;
        }
        PromptbookRun run = new PromptbookRun(engine, promptbook, sessionId, prompts, progress, steps);
        run.next();
        return run;
    }

    /** @return completes when the last step ends, or the first one that fails */
    public CompletableFuture<PromptbookOutcome> outcome() {
        return outcome;
    }

    /** Cancels the step running now; no further step starts. */
    public void cancel() {
        PromptRun running;
        synchronized (this) {
            cancelled = true;
            running = current;
        }
        if (running != null) {
            running.cancel();
        }
    }

    private void next() {
        int index;
        PromptRun run;
        synchronized (this) {
            index = done.size();
            if (index == prompts.size()) {
                finish(PromptOutcome.Status.SUCCEEDED, "");
                return;
            }
            if (cancelled) {
                finish(PromptOutcome.Status.CANCELLED, "Cancelled before step " + (index + 1) + " of "
                        + prompts.size() + ".");
                return;
            }
            String prompt = prompts.get(index);
            steps.starting(index + 1, prompts.size(), prompt);
            run = engine.submit(sessionId, prompt, progress);
            current = run;
        }
        run.outcome().whenComplete((result, error) -> stepEnded(index, result, error));
    }

    private void stepEnded(int index, PromptOutcome result, Throwable error) {
        if (error != null) {
            synchronized (this) {
                finish(PromptOutcome.Status.FAILED, "Step " + (index + 1) + " of " + prompts.size()
                        + " did not finish: " + error.getMessage());
            }
            return;
        }
        synchronized (this) {
            PromptbookOutcome.Step step = new PromptbookOutcome.Step(prompts.get(index), result);
            done.add(step);
            current = null;
            steps.finished(index + 1, prompts.size(), step);
            if (!result.succeeded()) {
                String why = result.message().isBlank() ? result.status().name().toLowerCase() : result.message();
                finish(result.status(), "Stopped at step " + (index + 1) + " of " + prompts.size() + " of the"
                        + " promptbook " + promptbook.name() + " (\"" + shortened(prompts.get(index)) + "\"): "
                        + why);
                return;
            }
        }
        next();
    }

    private void finish(PromptOutcome.Status status, String message) {
        outcome.complete(new PromptbookOutcome(promptbook.name(), sessionId, status, message, done));
    }

    private static String shortened(String prompt) {
        return prompt.length() <= 60 ? prompt : prompt.substring(0, 57) + "...";
    }
}
