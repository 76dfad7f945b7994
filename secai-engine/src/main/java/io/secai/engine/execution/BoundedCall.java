package io.secai.engine.execution;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one call into code the engine does not control (a plugin, the planner's model calls) on a thread of its
 * own, so that the prompt's worker can always stop waiting: at the deadline, or when the worker is interrupted
 * because the user cancelled.
 *
 * <p>On either, the call is told to stop ({@code onStop}, then an interrupt of its thread, which aborts blocking
 * HTTP exchanges and sleeps) and given a grace period to end. A call that ignores both is abandoned: its thread is a
 * daemon that runs on unobserved, and the worker goes on. A fresh thread per call, rather than a pool, is what makes
 * abandoning safe: nothing else ever waits for that thread.
 */
final class BoundedCall {

    /** Why a call did not end by itself. */
    enum Stop {
        /** It ended by itself, with a value or an error. */
        NONE,
        /** Its deadline passed. */
        DEADLINE,
        /** The worker was interrupted: the prompt was cancelled. */
        CANCELLED
    }

    /**
     * How a call ended.
     *
     * @param value what it returned, when it ended by itself without an error
     * @param error what it threw, when it ended by itself with an error
     * @param stop why it was stopped, {@link Stop#NONE} when it ended by itself
     * @param abandoned whether it was stopped and did not end within the grace period
     * @param <T> the value's type
     */
    record Ending<T>(T value, Throwable error, Stop stop, boolean abandoned) {
    }

    private BoundedCall() {
    }

    /**
     * Runs a call and waits for it, at most {@code limit} plus {@code grace}.
     *
     * @param threadName the call thread's name, for thread dumps and the log
     * @param body the call
     * @param limit how long it may run
     * @param grace how long it has to end once told to stop
     * @param onStop tells the call cooperatively that it must stop, before its thread is interrupted
     * @param <T> what it returns
     * @return how it ended
     */
    static <T> Ending<T> run(String threadName, Callable<T> body, Duration limit, Duration grace, Runnable onStop) {
        FutureTask<T> future = new FutureTask<>(body);
        Thread thread = new Thread(future, threadName);
        thread.setDaemon(true);
        thread.start();
        Stop stop;
        try {
            return new Ending<>(future.get(Math.max(0, limit.toNanos()), TimeUnit.NANOSECONDS), null, Stop.NONE,
                    false);
        } catch (ExecutionException e) {
            return new Ending<>(null, e.getCause(), Stop.NONE, false);
        } catch (TimeoutException e) {
            stop = Stop.DEADLINE;
        } catch (InterruptedException e) {
            stop = Stop.CANCELLED;
        }
        onStop.run();
        thread.interrupt();
        return new Ending<>(null, null, stop, !endsWithin(future, grace));
    }

    private static boolean endsWithin(FutureTask<?> future, Duration grace) {
        try {
            future.get(grace.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            // A second cancel while waiting out the grace period: stop waiting at once.
            return future.isDone();
        }
    }
}
