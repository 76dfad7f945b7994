package io.secai.engine.session;

import java.util.Objects;

/**
 * The sessions of a data folder another process writes: readable, never written, each write refused with the reason.
 */
public final class ReadOnlySessionStore implements SessionStore {

    private final SessionStore delegate;
    private final String reason;

    /**
     * @param delegate the folder's store, used to read
     * @param reason why nothing may be written, for the user
     */
    public ReadOnlySessionStore(SessionStore delegate, String reason) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Loaded loadAll() {
        return delegate.loadAll();
    }

    @Override
    public void save(StoredSession session) {
        throw new SessionStoreException(reason, null);
    }

    @Override
    public void delete(String id) {
        throw new SessionStoreException(reason, null);
    }
}
