package io.secai.plugin.fetchurl.fetch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An API request for {@link SafeFetcher#send}.
 *
 * @param method {@code GET} or {@code POST}
 * @param url the absolute https URL
 * @param headers extra request headers (keys included; never shown in messages)
 * @param jsonBody the JSON body of a POST, or empty
 */
public record ApiCall(String method, String url, Map<String, String> headers, Optional<String> jsonBody) {

    public ApiCall {
        if (!"GET".equals(method) && !"POST".equals(method)) {
            throw new IllegalArgumentException("method must be GET or POST, not " + method);
        }
        Objects.requireNonNull(url, "url");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(jsonBody, "jsonBody");
    }

    @Override
    public String toString() {
        return method + " " + SafeFetcher.shorten(url) + " (headers " + headers.keySet() + ")";
    }
}
