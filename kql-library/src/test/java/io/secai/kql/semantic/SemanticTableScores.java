package io.secai.kql.semantic;

import io.secai.kql.schema.ColumnInfo;
import io.secai.kql.schema.TableInfo;
import io.secai.kql.schema.WorkspaceSchema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How close in meaning a question is to each table of a workspace: the cosine of the question's embedding with the
 * table's. Each table is embedded once, when this is built (a workspace's tables change rarely, questions every
 * time), so a question costs one embedding and one dot product per table. Immutable once built; thread-safe when
 * the embedder is.
 *
 * <p>Text reaching the embedder is bounded: control characters become spaces, runs of white space collapse, and
 * the rest is cut to {@link #MAX_TEXT_CHARS} characters (the embedder cuts further to its model's token limit), so
 * a hostile or enormous question costs no more than a long ordinary one. A blank question scores 0 everywhere
 * without calling the embedder.
 */
public final class SemanticTableScores {
    /** A cap well above what a small sentence model reads (128 to 512 word pieces), so the embedder's cut to tokens
     * decides, yet the work before it stays bounded. */
    public static final int MAX_TEXT_CHARS = 4_000;

    private static final Pattern HUMPS = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|_+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Which of a table's words make its text. */
    public enum TableText {
        /** its name split at CamelCase humps, then its description */
        NAME_AND_DESCRIPTION,
        /** as above, then its column names split the same way (the model reads as many as its limit allows) */
        NAME_DESCRIPTION_AND_COLUMNS
    }

    private final TextEmbedder embedder;
    private final Map<String, float[]> tableVectors = new LinkedHashMap<>();

    /**
     * Embeds every table of the schema.
     *
     * @param schema the workspace's tables
     * @param embedder the model
     * @param text which of a table's words to embed
     */
    public SemanticTableScores(WorkspaceSchema schema, TextEmbedder embedder, TableText text) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        for (TableInfo table : schema.tables().values()) {
            tableVectors.put(table.name(), embedder.embed(bounded(document(table, text))));
        }
    }

    /**
     * @param question the user's words, any length or content
     * @return each table's cosine with the question, in -1..1, in schema order; 0 everywhere for a blank question
     */
    public Map<String, Double> scores(String question) {
        String bounded = bounded(question == null ? "" : question);
        Map<String, Double> scores = new LinkedHashMap<>();
        if (bounded.isEmpty()) {
            tableVectors.keySet().forEach(name -> scores.put(name, 0.0));
            return Collections.unmodifiableMap(scores);
        }
        float[] q = embedder.embed(bounded);
        tableVectors.forEach((name, vector) -> scores.put(name, cosine(q, vector)));
        return Collections.unmodifiableMap(scores);
    }

    /**
     * @param table a table
     * @param text which of its words
     * @return the text embedded for it, e.g. "AWS Cloud Trail. AWS API calls ... Columns: Event Name, ..."
     */
    public static String document(TableInfo table, TableText text) {
        StringBuilder out = new StringBuilder(words(table.name()));
        if (!table.description().isBlank()) {
            out.append(". ").append(table.description().strip());
        }
        if (text == TableText.NAME_DESCRIPTION_AND_COLUMNS && !table.columns().isEmpty()) {
            out.append(". Columns: ");
            String separator = "";
            for (ColumnInfo column : table.columns()) {
                out.append(separator).append(words(column.name()));
                separator = ", ";
                if (out.length() > MAX_TEXT_CHARS) {
                    break;
                }
            }
        }
        return out.toString();
    }

    /** The text an embedder is given: no control characters, single spaces, at most {@link #MAX_TEXT_CHARS}. */
    static String bounded(String text) {
        String head = text.length() > 4 * MAX_TEXT_CHARS ? text.substring(0, 4 * MAX_TEXT_CHARS) : text;
        String clean = SPACES.matcher(CONTROL.matcher(head).replaceAll(" ")).replaceAll(" ").strip();
        if (clean.length() <= MAX_TEXT_CHARS) {
            return clean;
        }
        int end = MAX_TEXT_CHARS;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return clean.substring(0, end);
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("the embedder returned vectors of lengths " + a.length + " and "
                    + b.length + "; every vector must have one length");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return dot / Math.sqrt(na * nb);
    }

    private static String words(String identifier) {
        return HUMPS.matcher(identifier).replaceAll(" ").strip();
    }
}
