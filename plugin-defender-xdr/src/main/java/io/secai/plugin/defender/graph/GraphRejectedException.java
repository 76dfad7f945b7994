package io.secai.plugin.defender.graph;

import io.secai.api.ServiceException;

/**
 * Microsoft Graph refused a request as it was (HTTP 400 or 404): for a hunting query, the service's text goes back
 * to the model for a repair.
 */
public final class GraphRejectedException extends ServiceException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String serviceText;

    /**
     * @param status the HTTP status
     * @param serviceText the error's code and message as the service gave them (untrusted text)
     */
    public GraphRejectedException(int status, String serviceText) {
        super(GraphClient.SERVICE, Kind.REJECTED, "the request was refused (HTTP " + status + "): " + serviceText);
        this.status = status;
        this.serviceText = serviceText;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the service's error code and message */
    public String serviceText() {
        return serviceText;
    }
}
