package io.secai.web.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secai.engine.ProgressEvent;
import io.secai.engine.ProgressListener;
import io.secai.api.TaskResult;
import io.secai.engine.PromptOutcome;
import io.secai.web.render.Views;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run has emitted, as SSE messages ready to send, so that a stream opened late, or reopened after a
 * dropped connection, replays what it missed. Ends with the {@code outcome} message. Thread-safe: the engine's
 * worker appends while any number of streams read.
 */
public final class RunLog implements ProgressListener {

    /** The name of the last message of every run. */
    public static final String OUTCOME = "outcome";
    /** Starts each step of a promptbook run. */
    public static final String STEP_STARTED = "step-started";
    /** Ends each step of a promptbook run. */
    public static final String STEP_FINISHED = "step-finished";

    private final ObjectMapper json;
    private final UnaryOperator<String> redaction;
    private final Views views;
    private final Map<TaskResult, Views.ResultView> rendered = new IdentityHashMap<>();
    private final List<Message> messages = new ArrayList<>();
    private boolean finished;

    /**
     * @param json the JSON writer
     * @param views builds the payloads
     */
    public RunLog(ObjectMapper json, Views views) {
        this(json, views, UnaryOperator.identity());
    }

    /**
     * @param json writes the events
     * @param views turns results into what the page shows
     * @param redaction masks secrets in each event's JSON before anyone reads it
     */
    public RunLog(ObjectMapper json, Views views, UnaryOperator<String> redaction) {
        this.redaction = redaction;
        this.json = json;
        this.views = views;
    }

    @Override
    public void on(ProgressEvent event) {
        Views.Named named = views.event(event, rendered);
        append(named.name(), named.data());
    }

    /**
     * Marks the start of one step of a promptbook: the step's own events follow.
     *
     * @param number the step, from 1
     * @param total how many steps there are
     * @param prompt the step's prompt, inputs put in
     */
    public void stepStarted(int number, int total, String prompt) {
        append(STEP_STARTED, new StepStarted(number, total, prompt));
    }

    /**
     * Marks the end of one step of a promptbook, with the step's own outcome.
     *
     * @param number the step, from 1
     * @param total how many steps there are
     * @param outcome how the step's prompt ended
     */
    public void stepFinished(int number, int total, PromptOutcome outcome) {
        append(STEP_FINISHED, new StepFinished(number, total, views.outcome(outcome, rendered)));
    }

    /**
     * Appends the outcome and wakes every reader; nothing is appended after it.
     *
     * @param outcome how the run ended
     */
    public void finish(PromptOutcome outcome) {
        Views.OutcomeView view = views.outcome(outcome, rendered);
        synchronized (this) {
            if (finished) {
                return;
            }
            add(OUTCOME, view);
            finished = true;
            notifyAll();
        }
    }

    /** @return whether the outcome has been appended */
    public synchronized boolean finished() {
        return finished;
    }

    /**
     * Waits until there are messages after {@code lastSeen}, the run has finished, or the timeout passed.
     *
     * @param lastSeen the id of the last message the reader has, -1 for none
     * @param timeout how long to wait at most
     * @return the messages after it, and whether the log is complete
     * @throws InterruptedException when the reader's thread is interrupted
     */
    public synchronized Batch after(long lastSeen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() <= lastSeen + 1 && !finished) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        int from = (int) Math.min(Math.max(lastSeen + 1, 0), messages.size());
        return new Batch(List.copyOf(messages.subList(from, messages.size())), finished);
    }

    private void append(String name, Object payload) {
        synchronized (this) {
            if (finished) {
                return;
            }
            add(name, payload);
            notifyAll();
        }
    }

    private void add(String name, Object payload) {
        try {
            messages.add(new Message(messages.size(), name, redaction.apply(json.writeValueAsString(payload))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the '" + name + "' event as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * A promptbook step begins.
     *
     * @param number the step, from 1
     * @param total how many steps
     * @param prompt its prompt
     */
    public record StepStarted(int number, int total, String prompt) { }

    /**
     * A promptbook step ended.
     *
     * @param number the step, from 1
     * @param total how many steps
     * @param outcome the step's outcome
     */
    public record StepFinished(int number, int total, Views.OutcomeView outcome) { }

    /**
     * One SSE message.
     *
     * @param id its position in the run, sent as the SSE id so a reconnecting browser resumes after it
     * @param name the SSE event name
     * @param json the payload
     */
    public record Message(long id, String name, String json) { }

    /**
     * What a reader got.
     *
     * @param messages the new messages
     * @param complete whether the outcome is among the messages now held
     */
    public record Batch(List<Message> messages, boolean complete) { }
}
