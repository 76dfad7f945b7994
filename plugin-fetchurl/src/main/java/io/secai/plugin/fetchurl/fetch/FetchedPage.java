package io.secai.plugin.fetchurl.fetch;

import java.util.List;
import java.util.Objects;

/**
 * A document as it was downloaded.
 *
 * @param requestedUrl the URL asked for
 * @param finalUrl the URL after redirects
 * @param kind what the body is
 * @param mediaType the media type the server named
 * @param body the decoded text, empty for a PDF
 * @param bytes the body as downloaded for a PDF, empty for text kinds (not kept twice)
 * @param redirects every URL that redirected, in order
 */
public record FetchedPage(String requestedUrl, String finalUrl, Kind kind, String mediaType, String body,
                          byte[] bytes, List<String> redirects) {

    /** The body types the fetcher accepts. */
    public enum Kind {
        /** HTML or XHTML. */
        HTML,
        /** Plain text. */
        TEXT,
        /** JSON. */
        JSON,
        /** A PDF document. */
        PDF
    }

    /** A text page, whose decoded body is all that is kept. */
    public FetchedPage(String requestedUrl, String finalUrl, Kind kind, String mediaType, String body,
                       List<String> redirects) {
        this(requestedUrl, finalUrl, kind, mediaType, body, new byte[0], redirects);
    }

    public FetchedPage {
        Objects.requireNonNull(requestedUrl, "requestedUrl");
        Objects.requireNonNull(finalUrl, "finalUrl");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bytes, "bytes");
        redirects = List.copyOf(redirects);
    }
}
