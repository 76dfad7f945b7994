package io.secai.engine.session;

import io.secai.engine.PromptOutcome;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A session with every turn it holds.
 *
 * @param info the summary
 * @param turns the turns, oldest first
 */
public record SessionTranscript(SessionInfo info, List<Turn> turns) {

    public SessionTranscript {
        Objects.requireNonNull(info, "info");
        turns = List.copyOf(turns);
    }

    /**
     * One prompt and how it ended.
     *
     * @param prompt what the user typed
     * @param at when
     * @param outcome the plan, the results, usage and timing
     */
    public record Turn(String prompt, Instant at, PromptOutcome outcome) {
        public Turn {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
