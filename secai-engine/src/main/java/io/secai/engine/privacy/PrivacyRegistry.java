package io.secai.engine.privacy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each session's switch and token map, in memory. Bounded: the least recently used sessions' maps are forgotten past
 * {@link #MAX_SESSIONS}, which only means new tokens for them next time (nothing SecAI keeps holds a token).
 */
public final class PrivacyRegistry implements Privacy {

    static final int MAX_SESSIONS = 512;

    private final PrivacySettings settings;
    private final Map<String, State> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** @param settings the {@code privacy.*} settings */
    public PrivacyRegistry(PrivacySettings settings) {
        this.settings = settings;
    }

    @Override
    public synchronized boolean enabled(String sessionId) {
        State state = sessions.get(sessionId);
        return state == null ? settings.anonymize() : state.on;
    }

    @Override
    public synchronized boolean enable(String sessionId, boolean on) {
        state(sessionId).on = on;
        return on;
    }

    @Override
    public synchronized Optional<Anonymizer> anonymizer(String sessionId) {
        State state = state(sessionId);
        return state.on ? Optional.of(state.anonymizer) : Optional.empty();
    }

    private State state(String sessionId) {
        return sessions.computeIfAbsent(sessionId, id -> new State(settings.anonymize(),
                new Anonymizer(settings.policy(), settings.newVault())));
    }

    private static final class State {
        private boolean on;
        private final Anonymizer anonymizer;

        State(boolean on, Anonymizer anonymizer) {
            this.on = on;
            this.anonymizer = anonymizer;
        }
    }
}
