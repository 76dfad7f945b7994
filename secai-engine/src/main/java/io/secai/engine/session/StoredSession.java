package io.secai.engine.session;

import io.secai.api.TokenUsage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A session as a {@link SessionStore} keeps it: its summary and every turn with full results.
 *
 * @param id the identifier (a random UUID)
 * @param owner who may see it
 * @param title the first prompt, shortened; empty until the first prompt
 * @param created when it was created
 * @param updated when a prompt last ran in it
 * @param usage model tokens spent in it since it was created (kept across {@code clear})
 * @param turns the turns, oldest first
 */
public record StoredSession(String id, String owner, String title, Instant created, Instant updated,
                            TokenUsage usage, List<SessionTranscript.Turn> turns) {

    public StoredSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(usage, "usage");
        turns = List.copyOf(turns);
    }

    /** @return the summary */
    public SessionInfo info() {
        return new SessionInfo(id, owner, title, created, updated, turns.size(), usage);
    }

    /** @return the summary with every turn */
    public SessionTranscript transcript() {
        return new SessionTranscript(info(), turns);
    }
}
