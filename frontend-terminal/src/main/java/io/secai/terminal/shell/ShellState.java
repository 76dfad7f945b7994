package io.secai.terminal.shell;

import java.util.Optional;

import io.secai.api.ResultTable;
import io.secai.engine.Engine;

/**
 * What one shell remembers between lines: the current session (created only by the first prompt, so that no empty
 * session is left behind), the user's privacy choice, and the last result table for {@code show N}. The read loop
 * and the commands share it.
 */
final class ShellState {
    private final Engine engine;
    private final String owner;
    /** The current session; null until the first prompt. */
    private String sessionId;
    /** The user's {@code privacy on|off}, or null while they have not chosen (the setting decides). */
    private Boolean privacyChoice;
    /** The table of the last prompt's result, for {@code show N}; null before any. */
    private ResultTable lastTable;
    private boolean debug;

    ShellState(Engine engine, String owner, boolean debug) {
        this.engine = engine;
        this.owner = owner;
        this.debug = debug;
    }

    String owner() {
        return owner;
    }

    /** The current session's id, or null when the next prompt starts a new one. */
    String currentId() {
        return sessionId;
    }

    /** Makes {@code id} the current session, or none with null. */
    void use(String id) {
        sessionId = id;
    }

    /** The current session, created now when there is none. */
    String session() {
        if (sessionId == null) {
            sessionId = engine.sessions().create(owner).id();
        }
        if (privacyChoice != null && engine.privacy().enabled(sessionId) != privacyChoice) {
            // The user's choice follows them into new and resumed sessions.
            engine.privacy().enable(sessionId, privacyChoice);
        }
        return sessionId;
    }

    Optional<Boolean> privacyChoice() {
        return Optional.ofNullable(privacyChoice);
    }

    void choosePrivacy(boolean on) {
        privacyChoice = on;
    }

    Optional<ResultTable> lastTable() {
        return Optional.ofNullable(lastTable);
    }

    void lastTable(ResultTable table) {
        lastTable = table;
    }

    boolean debug() {
        return debug;
    }

    void debug(boolean on) {
        debug = on;
    }
}
