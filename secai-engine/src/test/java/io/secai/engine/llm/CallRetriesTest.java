package io.secai.engine.llm;

import io.secai.api.ServiceException;
import io.secai.api.TaskCancelledException;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The retry policy on its own: attempts that fail as {@link Failure}s say, without a service. The wire side (what a
 * 429 or a 500 looks like to the SDK) is in {@link AzureOpenAiClientTest}.
 */
class CallRetriesTest {

    private static final Duration MAX_WAIT = Duration.ofMillis(5);

    private final List<String> waits = new CopyOnWriteArrayList<>();
    private final CallObserver observer = (delay, reason) -> waits.add(delay.toMillis() + " ms: " + reason);
    private final AtomicInteger attempts = new AtomicInteger();

    private static Failure throttled(Duration asked) {
        return new Failure(true, "throttled (HTTP 429)", Optional.of(asked),
                count -> new IllegalStateException("still throttled after " + count));
    }

    private static Failure serviceError() {
        return new Failure(true, "service error (HTTP 500)", Optional.empty(),
                count -> new IllegalStateException("gave up after " + count));
    }

    private static Failure refused() {
        return new Failure(false, "", Optional.empty(), count -> new IllegalStateException("refused"));
    }

    private static CallRetries retries(int maxAttempts, Duration budget, Failure always) {
        return new CallRetries(maxAttempts, budget, new Backoff(MAX_WAIT), error -> always);
    }

    /** An attempt that fails {@code failing} times, then answers. */
    private Supplier<String> failingTimes(int failing) {
        return () -> {
            if (attempts.incrementAndGet() <= failing) {
                throw new IllegalStateException("attempt " + attempts.get() + " failed");
            }
            return "answer";
        };
    }

    @Test
    void throttlingIsWaitedOutAsAskedBeyondTheAttemptsWithinTheBudget() {
        CallRetries retries = retries(1, Duration.ofSeconds(10), throttled(Duration.ofMillis(20)));

        String answer = retries.call(observer, failingTimes(3));

        assertThat(answer).isEqualTo("answer");
        assertThat(attempts).hasValue(4);
        assertThat(waits).hasSize(3).allSatisfy(wait -> assertThat(wait).startsWith(
                "20 ms: throttled (HTTP 429), waiting 20 ms as the service asks; ")
                .endsWith(" of the 10s throttling budget (openai.retry.budget) left after this wait"));
    }

    @Test
    void aThrottledWaitLongerThanTheBudgetLeftGivesUpAtOnceNamingTheSetting() {
        CallRetries retries = retries(3, Duration.ofSeconds(1), throttled(Duration.ofSeconds(2)));

        ServiceException error = catchThrowableOfType(ServiceException.class,
                () -> retries.call(observer, failingTimes(1)));

        assertThat(error.kind()).isEqualTo(ServiceException.Kind.THROTTLED);
        assertThat(error.getMessage()).contains("the service asks for 2s more; openai.retry.budget is 1s");
        assertThat(attempts).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void otherFailuresAreTriedAtMostMaxAttemptsTimesWithCappedWaits() {
        CallRetries retries = retries(3, Duration.ofSeconds(10), serviceError());

        Throwable error = catchThrowable(() -> retries.call(observer, failingTimes(Integer.MAX_VALUE)));

        assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("gave up after 3");
        assertThat(attempts).hasValue(3);
        // The exponential delay starts at half a second; openai.retry.max-wait caps it.
        assertThat(waits).containsExactly("5 ms: service error (HTTP 500)", "5 ms: service error (HTTP 500)");
    }

    @Test
    void aFailureThatNoAttemptCanFixIsRaisedAtOnce() {
        CallRetries retries = retries(5, Duration.ofSeconds(10), refused());

        Throwable error = catchThrowable(() -> retries.call(observer, failingTimes(1)));

        assertThat(error).hasMessage("refused");
        assertThat(attempts).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void anExchangeAbortedByAnInterruptIsCancelledNotClassifiedOrRetried() {
        AtomicBoolean classified = new AtomicBoolean();
        CallRetries retries = new CallRetries(5, Duration.ofSeconds(10), new Backoff(MAX_WAIT), error -> {
            classified.set(true);
            return serviceError();
        });

        Throwable error = catchThrowable(() -> retries.call(observer, () -> {
            attempts.incrementAndGet();
            throw new UncheckedIOException(new InterruptedIOException("read interrupted"));
        }));

        assertThat(error).isInstanceOf(TaskCancelledException.class);
        assertThat(attempts).hasValue(1);
        assertThat(classified).isFalse();
        assertThat(waits).isEmpty();
    }

    @Test
    void aSocketTimeoutIsAFailureToRetryNotACancel() {
        CallRetries retries = retries(3, Duration.ofSeconds(10), serviceError());

        String answer = retries.call(observer, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new UncheckedIOException(new SocketTimeoutException("Read timed out"));
            }
            return "answer";
        });

        assertThat(answer).isEqualTo("answer");
        assertThat(waits).containsExactly("5 ms: service error (HTTP 500)");
    }

    @Test
    void aCancelDuringAWaitEndsTheCallAtOnceAndKeepsTheInterrupt() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CallRetries retries = retries(1, Duration.ofMinutes(10), throttled(Duration.ofMinutes(5)));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                retries.call((delay, reason) -> waiting.countDown(), failingTimes(Integer.MAX_VALUE));
            } catch (RuntimeException e) {
                ended.set(e);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        }, "call-retries-test");
        caller.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(caller.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(TaskCancelledException.class);
        assertThat(interruptKept).isTrue();
        assertThat(attempts).hasValue(1);
    }
}
