package io.secai.engine.session;

import java.util.List;

/**
 * Where sessions are kept between prompts and, for a persistent store, between runs of SecAI.
 *
 * <p>{@link SessionRegistry} is the only caller; it serialises calls for one session, so an implementation only
 * needs to cope with different sessions being saved at the same time.
 */
public interface SessionStore {

    /**
     * Reads every stored session, once, when the engine starts.
     *
     * @return the sessions and, for what could not be read, one line each saying which and why
     * @throws SessionStoreException when the store cannot be read at all
     */
    Loaded loadAll();

    /**
     * Writes a session, replacing what was stored under its id.
     *
     * @param session the whole session
     * @throws SessionStoreException when it cannot be written
     */
    void save(StoredSession session);

    /**
     * Removes a session; nothing happens when there is none.
     *
     * @param id the session's id
     * @throws SessionStoreException when it cannot be removed
     */
    void delete(String id);

    /**
     * What {@link #loadAll()} found.
     *
     * @param sessions the sessions that could be read
     * @param problems one line for each that could not, naming it and the reason
     */
    record Loaded(List<StoredSession> sessions, List<String> problems) {
        public Loaded {
            sessions = List.copyOf(sessions);
            problems = List.copyOf(problems);
        }
    }
}
