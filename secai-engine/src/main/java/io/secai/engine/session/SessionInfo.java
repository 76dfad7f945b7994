package io.secai.engine.session;

import io.secai.api.TokenUsage;

import java.time.Instant;
import java.util.Objects;

/**
 * A session's summary.
 *
 * @param id the identifier
 * @param owner who may see it
 * @param title the first prompt, shortened, or empty for a new session
 * @param created when it was created
 * @param updated when a prompt last ran in it
 * @param turns how many prompts it holds
 * @param usage model tokens spent in it
 */
public record SessionInfo(String id, String owner, String title, Instant created, Instant updated, int turns,
                          TokenUsage usage) {
    public SessionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(usage, "usage");
    }
}
