package io.secai.engine.promptbook;

import java.util.List;
import java.util.Objects;

import io.secai.engine.PromptOutcome;

/**
 * How a promptbook run ended.
 *
 * @param promptbook its name
 * @param sessionId the session its prompts ran in
 * @param status {@link PromptOutcome.Status#SUCCEEDED} when every step did; otherwise the status of the step that
 *     stopped it, or {@link PromptOutcome.Status#REFUSED} when the inputs were wrong and nothing ran
 * @param message for the user when it did not succeed (which step, and why), else empty
 * @param steps the steps that ran, in order
 */
public record PromptbookOutcome(String promptbook, String sessionId, PromptOutcome.Status status, String message,
                                List<Step> steps) {

    /**
     * One prompt as it ran.
     *
     * @param prompt the prompt with the inputs put in
     * @param outcome how it ended
     */
    public record Step(String prompt, PromptOutcome outcome) {
        public Step {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    public PromptbookOutcome {
        Objects.requireNonNull(promptbook, "promptbook");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        steps = List.copyOf(steps);
    }

    /** @return whether every step succeeded */
    public boolean succeeded() {
        return status == PromptOutcome.Status.SUCCEEDED;
    }
}
