package io.secai.engine.session;

import io.secai.api.TokenUsage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The engine's sessions, kept in memory and written through to a {@link SessionStore} on every change.
 *
 * <p>Ids are random UUIDs, so knowing one is what lets the engine run a prompt in a session
 * ({@link #turns(String)}, {@link #record}); the {@link Sessions} methods also check the owner. Changes to one
 * session are serialised by a lock of its own, so different sessions never wait for each other.
 */
public final class SessionRegistry implements Sessions {

    /** Default of {@code session.stored-rows}. */
    public static final int DEFAULT_STORED_ROWS = 500;
    private static final int TITLE_LENGTH = 60;

    private final SessionStore store;
    private final Clock clock;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final List<String> notices;
    private final int storedRows;

    /**
     * Reads every session the store holds; turns keep at most {@link #DEFAULT_STORED_ROWS} rows per table.
     *
     * @param store where sessions are kept
     * @param clock the time for creation and updates
     * @throws SessionStoreException when the store cannot be read at all
     */
    public SessionRegistry(SessionStore store, Clock clock) {
        this(store, clock, DEFAULT_STORED_ROWS);
    }

    /**
     * Reads every session the store holds.
     *
     * @param store where sessions are kept
     * @param clock the time for creation and updates
     * @param storedRows rows kept per table of a recorded turn ({@code session.stored-rows})
     * @throws SessionStoreException when the store cannot be read at all
     */
    public SessionRegistry(SessionStore store, Clock clock, int storedRows) {
        this.storedRows = Math.max(1, storedRows);
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        SessionStore.Loaded loaded = store.loadAll();
        for (StoredSession session : loaded.sessions()) {
            sessions.put(session.id(), new Entry(session));
        }
        this.notices = loaded.problems();
    }

    /**
     * Sessions that could not be read at start, for {@code Engine.notices()}.
     *
     * @return one line each; empty when all were read
     */
    public List<String> notices() {
        return notices;
    }

    @Override
    public SessionInfo create(String owner) {
        Objects.requireNonNull(owner, "owner");
        Instant now = clock.instant();
        StoredSession session = new StoredSession(UUID.randomUUID().toString(), owner, "", now, now,
                TokenUsage.NONE, List.of());
        store.save(session);
        sessions.put(session.id(), new Entry(session));
        return session.info();
    }

    @Override
    public Optional<SessionInfo> find(String owner, String id) {
        return owned(owner, id).map(StoredSession::info);
    }

    @Override
    public List<SessionInfo> list(String owner) {
        List<SessionInfo> result = new ArrayList<>();
        for (Entry entry : sessions.values()) {
            StoredSession session = entry.current();
            if (session != null && session.owner().equals(owner)) {
                result.add(session.info());
            }
        }
        result.sort(Comparator.comparing(SessionInfo::updated).reversed().thenComparing(SessionInfo::id));
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * <p>While this process runs, the session's latest turn whose tables were cut for the file comes back whole, so
     * that exporting the session right after a large result keeps every row; after a restart the file's preview is
     * all there is.
     */
    @Override
    public Optional<SessionTranscript> transcript(String owner, String id) {
        Entry entry = id == null ? null : sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        synchronized (entry) {
            StoredSession session = entry.session;
            if (session == null || !session.owner().equals(owner)) {
                return Optional.empty();
            }
            SessionTranscript stored = session.transcript();
            int index = entry.wholeIndex;
            if (entry.whole == null || index >= stored.turns().size()) {
                return Optional.of(stored);
            }
            List<SessionTranscript.Turn> turns = new ArrayList<>(stored.turns());
            turns.set(index, entry.whole);
            return Optional.of(new SessionTranscript(stored.info(), turns));
        }
    }

    @Override
    public boolean clear(String owner, String id) {
        if (owned(owner, id).isEmpty()) {
            return false;
        }
        Entry entry = sessions.get(id);
        if (entry != null) {
            synchronized (entry) {
                entry.whole = null;
            }
        }
        return update(id, session -> new StoredSession(session.id(), session.owner(), "", session.created(),
                clock.instant(), session.usage(), List.of()));
    }

    @Override
    public boolean rename(String owner, String id, String title) {
        Objects.requireNonNull(title, "title");
        if (owned(owner, id).isEmpty()) {
            return false;
        }
        String oneLine = titleOf(title);
        return update(id, session -> new StoredSession(session.id(), session.owner(), oneLine, session.created(),
                session.updated(), session.usage(), session.turns()));
    }

    @Override
    public boolean delete(String owner, String id) {
        if (owned(owner, id).isEmpty()) {
            return false;
        }
        Entry entry = sessions.get(id);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (entry.session == null) {
                return false;
            }
            store.delete(id);
            entry.session = null;
            sessions.remove(id, entry);
            return true;
        }
    }

    /**
     * The turns of a session, for the engine building a task's context; the id alone grants access because only
     * its owner knows it.
     *
     * @param id the session's id
     * @return the turns, oldest first, or empty when there is no such session
     */
    public Optional<List<SessionTranscript.Turn>> turns(String id) {
        return current(id).map(StoredSession::turns);
    }

    /**
     * Appends a turn, adds its usage to the session's total and saves the session.
     *
     * @param id the session's id
     * @param whole the prompt and how it ended; tables over session.stored-rows are kept as a preview
     * @return false when the session was deleted meanwhile
     * @throws SessionStoreException when the session cannot be saved; it stays updated in memory
     */
    public boolean record(String id, SessionTranscript.Turn whole) {
        SessionTranscript.Turn turn = StoredPreview.of(Objects.requireNonNull(whole, "turn"), storedRows);
        Entry entry = id == null ? null : sessions.get(id);
        if (entry != null && turn != whole) {
            synchronized (entry) {
                if (entry.session != null) {
                    // One whole turn per session: a large result stays exportable without the memory of them all.
                    entry.whole = whole;
                    entry.wholeIndex = entry.session.turns().size();
                }
            }
        }
        return update(id, session -> {
            List<SessionTranscript.Turn> turns = new ArrayList<>(session.turns());
            turns.add(turn);
            String title = session.title().isEmpty() ? titleOf(turn.prompt()) : session.title();
            return new StoredSession(session.id(), session.owner(), title, session.created(), clock.instant(),
                    session.usage().plus(turn.outcome().usage()), turns);
        });
    }

    private boolean update(String id, UnaryOperator<StoredSession> change) {
        Entry entry = id == null ? null : sessions.get(id);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (entry.session == null) {
                return false;
            }
            entry.session = change.apply(entry.session);
            store.save(entry.session);
            return true;
        }
    }

    private Optional<StoredSession> owned(String owner, String id) {
        return current(id).filter(session -> session.owner().equals(owner));
    }

    private Optional<StoredSession> current(String id) {
        Entry entry = id == null ? null : sessions.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.current());
    }

    private static String titleOf(String prompt) {
        String oneLine = prompt.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= TITLE_LENGTH ? oneLine : oneLine.substring(0, TITLE_LENGTH - 1) + "…";
    }

    /**
     * One session's latest state; null once deleted. Guarded by its own monitor. {@code whole} is the latest turn
     * whose tables the file holds as a preview, as it ended, at {@code wholeIndex} among the turns.
     */
    private static final class Entry {
        private StoredSession session;
        private SessionTranscript.Turn whole;
        private int wholeIndex;

        Entry(StoredSession session) {
            this.session = session;
        }

        synchronized StoredSession current() {
            return session;
        }
    }
}
