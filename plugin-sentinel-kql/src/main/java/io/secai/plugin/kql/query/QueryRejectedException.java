package io.secai.plugin.kql.query;

import io.secai.api.ServiceException;

/**
 * Log Analytics refused a query as written (HTTP 400: a syntax or semantic error). The {@link #serviceText()} is
 * what the service said, which the model gets back to repair the query.
 */
public final class QueryRejectedException extends ServiceException {
    private static final long serialVersionUID = 1L;

    private final String serviceText;

    /**
     * @param serviceText the service's error codes and messages
     */
    public QueryRejectedException(String serviceText) {
        super(LogAnalytics.SERVICE, Kind.REJECTED, "the query was rejected: " + serviceText);
        this.serviceText = serviceText;
    }

    /** @return the service's own words */
    public String serviceText() {
        return serviceText;
    }
}
