package io.secai.plugin.fetchurl.fetch;

import java.util.List;
import java.util.Objects;

/**
 * A page as it was downloaded.
 *
 * @param requestedUrl the URL asked for
 * @param finalUrl the URL after redirects
 * @param kind what the body is
 * @param mediaType the media type the server named
 * @param body the decoded text
 * @param redirects every URL that redirected, in order
 */
public record FetchedPage(String requestedUrl, String finalUrl, Kind kind, String mediaType, String body,
                          List<String> redirects) {

    /** The body types the fetcher accepts. */
    public enum Kind {
        /** HTML or XHTML. */
        HTML,
        /** Plain text. */
        TEXT,
        /** JSON. */
        JSON
    }

    public FetchedPage {
        Objects.requireNonNull(requestedUrl, "requestedUrl");
        Objects.requireNonNull(finalUrl, "finalUrl");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(body, "body");
        redirects = List.copyOf(redirects);
    }
}
