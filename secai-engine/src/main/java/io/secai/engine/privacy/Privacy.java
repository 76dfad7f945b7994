package io.secai.engine.privacy;

import java.util.Optional;

/** Anonymization per session, as the frontends switch and show it. */
public interface Privacy {

    /** No anonymization, and no way to switch it on: for engines without it. */
    Privacy OFF = new Privacy() {
        @Override
        public boolean enabled(String sessionId) {
            return false;
        }

        @Override
        public boolean enable(String sessionId, boolean on) {
            return false;
        }

        @Override
        public Optional<Anonymizer> anonymizer(String sessionId) {
            return Optional.empty();
        }
    };

    /**
     * @param sessionId a session
     * @return whether its next prompts are anonymized
     */
    boolean enabled(String sessionId);

    /**
     * Switches a session's anonymization for its next prompts (a running prompt keeps what it started with).
     *
     * @param sessionId a session
     * @param on whether to anonymize
     * @return whether it is now on (false when this engine cannot anonymize)
     */
    boolean enable(String sessionId, boolean on);

    /**
     * @param sessionId a session
     * @return its anonymizer while anonymization is on
     */
    Optional<Anonymizer> anonymizer(String sessionId);
}
