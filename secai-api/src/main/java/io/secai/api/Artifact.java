package io.secai.api;

import java.util.Objects;

/**
 * Evidence behind a result, shown next to it so the user can check and reuse it.
 *
 * @param kind what it is
 * @param label a short caption (for example {@code KQL, attempt 2})
 * @param value the query text, URL or time range itself
 */
public record Artifact(Kind kind, String label, String value) {

    /** Kinds of evidence; frontends offer a copy button for each. */
    public enum Kind {
        /** A query, such as KQL, that ran or was generated. */
        QUERY,
        /** A URL that was read. */
        URL,
        /** The time range a query covered. */
        TIMESPAN,
        /** Anything else worth showing. */
        OTHER
    }

    public Artifact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
    }

    /** @param kql the query @return a query artifact labelled KQL */
    public static Artifact query(String kql) {
        return new Artifact(Kind.QUERY, "KQL", kql);
    }

    /** @param url the address @return a URL artifact */
    public static Artifact url(String url) {
        return new Artifact(Kind.URL, "URL", url);
    }
}
