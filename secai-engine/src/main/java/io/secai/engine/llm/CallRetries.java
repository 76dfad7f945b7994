package io.secai.engine.llm;

import io.secai.api.TaskCancelledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tries one model call again while another attempt may help, and tells the {@link CallObserver} of every wait.
 *
 * <p>It is apart from {@link AzureOpenAiClient} because when to try again, and how long to wait, is a policy of its
 * own that does not depend on how a call is made: throttling (429) is waited out as the service asks within a total
 * budget rather than a number of attempts, and gives up at once when the next wait would overrun it; other failures
 * that may pass are tried at most a number of times with {@link Backoff}'s capped waits; the rest are raised at
 * once. A call stopped by its task (a cancel or a deadline interrupts the thread) is never retried: it ends in
 * {@link TaskCancelledException}. The client says what a failure is ({@link Failure}); this decides what follows.
 */
final class CallRetries {

    private static final Logger LOG = LoggerFactory.getLogger(CallRetries.class);

    private final int maxAttempts;
    private final Duration throttleBudget;
    private final Backoff backoff;
    private final Function<RuntimeException, Failure> classify;

    /**
     * @param maxAttempts how many times a failing call is tried, the first included ({@code openai.retry.max-attempts})
     * @param throttleBudget the longest a throttled call waits in all ({@code openai.retry.budget})
     * @param backoff the waits when the service names none, and the cap on the waits of failures other than 429
     * @param classify what one failed attempt means; it also keeps secrets out of the error it gives up with
     */
    CallRetries(int maxAttempts, Duration throttleBudget, Backoff backoff,
                Function<RuntimeException, Failure> classify) {
        this.maxAttempts = maxAttempts;
        this.throttleBudget = Objects.requireNonNull(throttleBudget, "throttleBudget");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.classify = Objects.requireNonNull(classify, "classify");
    }

    /**
     * Makes the call, and again after a wait while that may help.
     *
     * @param observer hears of each wait, with its reason
     * @param call one attempt
     * @param <T> what the call returns
     * @return what the first attempt that succeeded returned
     * @throws TaskCancelledException when the calling thread is interrupted, during an attempt or a wait
     * @throws RuntimeException the error of the last failure ({@link Failure#giveUp()} or
     *     {@link Failure#overBudget}) when SecAI gives up
     */
    <T> T call(CallObserver observer, Supplier<T> call) {
        long throttledSince = 0;
        int failures = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException error) {
                if (Thread.currentThread().isInterrupted() || interrupted(error)) {
                    // A stopped task (cancel or deadline) aborted the exchange: that is not a failure to retry.
                    throw new TaskCancelledException();
                }
                Failure failure = classify.apply(error);
                Duration delay;
                String reason;
                if (failure.throttled()) {
                    // Throttling is waited out as the service asks, within a total budget rather than a number of
                    // attempts: a 30 s storm answered with Retry-After is over long before the budget is spent.
                    long now = System.nanoTime();
                    throttledSince = throttledSince == 0 ? now : throttledSince;
                    Duration left = throttleBudget.minusNanos(now - throttledSince);
                    delay = failure.serviceHint().isPresent() ? failure.serviceHint().get()
                            : backoff.delay(attempt, Optional.empty());
                    if (delay.compareTo(left) > 0) {
                        throw failure.overBudget(Duration.ofNanos(now - throttledSince), delay, throttleBudget);
                    }
                    reason = "throttled (HTTP 429), waiting " + Failure.seconds(delay)
                            + (failure.serviceHint().isPresent() ? " as the service asks" : "") + "; "
                            + Failure.seconds(left.minus(delay)) + " of the " + Failure.seconds(throttleBudget)
                            + " throttling budget (openai.retry.budget) left after this wait";
                } else {
                    failures++;
                    if (!failure.retryable() || failures >= maxAttempts) {
                        throw failure.giveUp().apply(failures);
                    }
                    delay = backoff.delay(failures, failure.serviceHint());
                    reason = failure.waitReason();
                }
                LOG.debug("Azure OpenAI attempt {} failed ({}); waiting {} ms", attempt, reason, delay.toMillis());
                observer.waiting(delay, reason);
                sleep(delay);
            }
        }
    }

    private static boolean interrupted(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof java.io.InterruptedIOException
                    && !(cause instanceof java.net.SocketTimeoutException)
                    || cause instanceof java.util.concurrent.CancellationException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration delay) {
        try {
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskCancelledException();
        }
    }
}
