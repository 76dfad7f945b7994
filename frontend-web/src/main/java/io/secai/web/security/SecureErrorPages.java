package io.secai.web.security;

import java.io.IOException;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error pages — for requests it refuses before any handler runs (a malformed request line: 400, a
 * too-long URI: 414, too-large headers: 431) — with the same security headers as every other answer, and without
 * stack traces.
 */
public final class SecureErrorPages extends ErrorHandler {

    public SecureErrorPages() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        SecurityHeaders.HEADERS.forEach((name, value) -> response.getHeaders().put(name, value));
        super.generateResponse(request, response, code, message, cause, callback);
    }

    @Override
    protected void generateCacheControl(Response response) {
        response.getHeaders().put("Cache-Control", "no-store");
    }
}
