package io.secai.engine.execution;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which deadline a call gets, and which one it is said to have hit; the start is set back instead of waiting. */
class PromptDeadlineTest {

    private static final Duration TASK = Duration.ofSeconds(1);
    private static final Duration PROMPT = Duration.ofMinutes(10);
    private static final Deadlines DEADLINES = new Deadlines(TASK, PROMPT, Duration.ofMillis(200));

    private static PromptDeadline startedAgo(Duration ago) {
        return new PromptDeadline(DEADLINES, System.nanoTime() - ago.toNanos());
    }

    @Test
    void aCallGetsItsOwnDeadlineWhileThePromptHasMoreLeftAndIsToldItHitIt() {
        PromptDeadline deadline = startedAgo(Duration.ZERO);

        assertThat(deadline.timeLeft(TASK)).isEqualTo(TASK);
        assertThat("The task " + deadline.overrun(TASK))
                .isEqualTo("The task was stopped: it took longer than its deadline of 1s (secai.deadline.task).");
    }

    @Test
    void aCallGetsOnlyWhatIsLeftOfThePromptWhenThatIsLess() {
        PromptDeadline deadline = startedAgo(PROMPT.minusSeconds(2));

        assertThat(deadline.timeLeft(Duration.ofMinutes(5)))
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void onceThePromptsDeadlinePassedNoTimeIsLeftAndTheOverrunNamesThePromptsSetting() {
        PromptDeadline deadline = startedAgo(PROMPT.plusSeconds(1));

        assertThat(deadline.timeLeft(TASK)).isNegative();
        assertThat("Planning " + deadline.overrun(PROMPT)).isEqualTo(
                "Planning was stopped: the prompt took longer than its deadline of 10m (secai.deadline.prompt).");
    }
}
