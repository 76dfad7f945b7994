package io.secai.web.events;

/** A prompt was sent to a session that is still answering the previous one. */
public final class SessionBusyException extends RuntimeException {

    /** @param sessionId the busy session */
    public SessionBusyException(String sessionId) {
        super("Session " + sessionId + " is still answering the previous prompt; wait for it or cancel it.");
    }
}
