package io.secai.engine.session;

import java.util.List;
import java.util.Optional;

/**
 * The engine's sessions. Each belongs to an owner (a terminal user, a browser); owners see only their own.
 * Thread-safe.
 */
public interface Sessions {

    /**
     * Creates an empty session.
     *
     * @param owner who may see it
     * @return the new session
     */
    SessionInfo create(String owner);

    /**
     * Returns the session with this id when it belongs to the owner.
     *
     * @param owner who asks
     * @param id the session's id
     * @return the session, or empty when unknown or someone else's
     */
    Optional<SessionInfo> find(String owner, String id);

    /**
     * @param owner who asks
     * @return the owner's sessions, most recently used first
     */
    List<SessionInfo> list(String owner);

    /**
     * Every turn of a session with its full results, for display and export.
     *
     * @param owner who asks
     * @param id the session's id
     * @return the transcript, or empty when unknown or someone else's
     */
    Optional<SessionTranscript> transcript(String owner, String id);

    /**
     * Forgets the session's turns but keeps the session.
     *
     * @param owner who asks
     * @param id the session's id
     * @return whether there was such a session
     */
    boolean clear(String owner, String id);

    /**
     * Deletes the session.
     *
     * @param owner who asks
     * @param id the session's id
     * @return whether there was such a session
     */
    boolean delete(String owner, String id);

    /**
     * Gives the session a title of the owner's choosing; it stays when later prompts run.
     *
     * @param owner who asks
     * @param id the session's id
     * @param title the new title; surrounding white space is dropped
     * @return whether there was such a session
     */
    boolean rename(String owner, String id, String title);
}
