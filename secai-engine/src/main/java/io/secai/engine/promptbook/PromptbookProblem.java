package io.secai.engine.promptbook;

import java.util.Objects;

/**
 * A promptbook file that was not loaded, and why; the others still load.
 *
 * @param source the file (or {@code built-in:NAME})
 * @param line the line the reason points at, from 1; 0 when it is about the whole file
 * @param reason what is wrong, in the user's terms
 */
public record PromptbookProblem(String source, int line, String reason) {

    public PromptbookProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line : "") + ": " + reason;
    }
}
