package io.secai.engine.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps sessions in this process only ({@code session.store = "memory"}): nothing is written to disk. */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();

    @Override
    public Loaded loadAll() {
        return new Loaded(new ArrayList<>(sessions.values()), List.of());
    }

    @Override
    public void save(StoredSession session) {
        sessions.put(session.id(), session);
    }

    @Override
    public void delete(String id) {
        sessions.remove(id);
    }
}
