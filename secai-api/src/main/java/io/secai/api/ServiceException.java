package io.secai.api;

import java.util.Objects;

/**
 * An external service (the model, Log Analytics, a web site) did not give what was asked.
 *
 * @since 1.0
 */
public class ServiceException extends SecAiException {
    private static final long serialVersionUID = 1L;

    /**
     * What kind of failure, so callers can decide whether to retry or repair.
     *
     * @since 1.0
     */
    public enum Kind {
        /** Not configured, not signed in, or not reachable. */
        UNAVAILABLE,
        /** Still throttled (HTTP 429) after the allowed waits. */
        THROTTLED,
        /** The service refused the request as it was (HTTP 4xx, a content filter, a syntax error). */
        REJECTED,
        /** The service took too long. */
        TIMEOUT,
        /** The service failed on its side (HTTP 5xx) or answered something unusable. */
        FAILED
    }

    private final String service;
    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param service which service, as the user knows it (for example {@code Azure OpenAI})
     * @param kind the kind of failure
     * @param message for the user
     */
    public ServiceException(String service, Kind kind, String message) {
        this(service, kind, message, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param service which service
     * @param kind the kind of failure
     * @param message for the user
     * @param cause the underlying error
     */
    public ServiceException(String service, Kind kind, String message, Throwable cause) {
        super(service + ": " + message, cause);
        this.service = Objects.requireNonNull(service, "service");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Tells which service failed.
     *
     * @return the service, as the user knows it
     */
    public String service() {
        return service;
    }

    /**
     * Tells what kind of failure it was.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
