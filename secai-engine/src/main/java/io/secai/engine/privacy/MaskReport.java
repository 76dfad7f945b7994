package io.secai.engine.privacy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one task's requests had masked: the evidence the user sees, naming fields, never values. Thread-safe. */
public final class MaskReport {

    private final Set<String> anonymized = new LinkedHashSet<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final Map<TokenKind, Integer> inText = new EnumMap<>(TokenKind.class);
    private int dropped;

    synchronized void anonymized(String field) {
        anonymized.add(field);
    }

    synchronized void removed(String field) {
        removed.add(field);
    }

    synchronized void inText(TokenKind kind) {
        inText.merge(kind, 1, Integer::sum);
    }

    synchronized void dropped() {
        dropped++;
    }

    synchronized void addAll(MaskReport other) {
        MaskReport copy = other.copy();
        anonymized.addAll(copy.anonymized);
        removed.addAll(copy.removed);
        copy.inText.forEach((kind, count) -> inText.merge(kind, count, Integer::sum));
        dropped += copy.dropped;
    }

    /** @return the fields whose values were replaced by tokens, in the order first seen */
    public synchronized List<String> anonymizedFields() {
        return List.copyOf(anonymized);
    }

    /** @return the fields removed from the requests */
    public synchronized List<String> removedFields() {
        return List.copyOf(removed);
    }

    /** @return whether nothing was masked */
    public synchronized boolean isEmpty() {
        return anonymized.isEmpty() && removed.isEmpty() && inText.isEmpty() && dropped == 0;
    }

    /** @return one paragraph for the evidence: which fields were masked, which removed, what was found in text */
    public synchronized String describe() {
        List<String> parts = new ArrayList<>();
        if (!anonymized.isEmpty()) {
            parts.add("fields replaced by tokens: " + String.join(", ", anonymized));
        }
        if (!removed.isEmpty()) {
            parts.add("fields removed: " + String.join(", ", removed));
        }
        if (!inText.isEmpty()) {
            List<String> found = new ArrayList<>();
            inText.forEach((kind, count) -> found.add(count + " " + kind.label()));
            parts.add("values masked in text: " + String.join(", ", found));
        }
        if (dropped > 0) {
            parts.add(dropped + " value(s) removed because the session's token map is full or they are too long "
                    + "(privacy.max-values, privacy.max-value-chars)");
        }
        return parts.isEmpty() ? "Nothing needed masking." : "Sent to the model anonymized: "
                + String.join("; ", parts) + ". The answer shows the real values.";
    }

    private synchronized MaskReport copy() {
        MaskReport copy = new MaskReport();
        copy.anonymized.addAll(anonymized);
        copy.removed.addAll(removed);
        copy.inText.putAll(inText);
        copy.dropped = dropped;
        return copy;
    }
}
