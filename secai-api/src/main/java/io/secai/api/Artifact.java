package io.secai.api;

import java.util.Objects;

/**
 * Evidence behind a result, shown next to it so the user can check and reuse it.
 *
 * @since 1.0
 */
public final class Artifact {

    /**
     * Kinds of evidence; frontends offer a copy button for each.
     *
     * @since 1.0
     */
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

    private final Kind kind;
    private final String label;
    private final String value;

    private Artifact(Kind kind, String label, String value) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.label = Objects.requireNonNull(label, "label");
        this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * Creates evidence of any kind.
     *
     * @param kind what it is
     * @param label a short caption (for example {@code KQL, attempt 2})
     * @param value the query text, URL or time range itself
     * @return the artifact
     */
    public static Artifact of(Kind kind, String label, String value) {
        return new Artifact(kind, label, value);
    }

    /**
     * Creates a query artifact labelled KQL.
     *
     * @param kql the query
     * @return the artifact
     */
    public static Artifact query(String kql) {
        return new Artifact(Kind.QUERY, "KQL", kql);
    }

    /**
     * Creates a URL artifact.
     *
     * @param url the address
     * @return the artifact
     */
    public static Artifact url(String url) {
        return new Artifact(Kind.URL, "URL", url);
    }

    /**
     * Tells what the evidence is.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Gives the short caption.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * Gives the query text, URL or time range itself.
     *
     * @return the value
     */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Artifact that && kind == that.kind && label.equals(that.label)
                && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, label, value);
    }

    @Override
    public String toString() {
        return "Artifact[kind=" + kind + ", label=" + label + ", value=" + value + "]";
    }
}
