package io.secai.engine.privacy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Masks values and free text against one session's map: the part of SecAI's masking that knows no structure.
 * {@code record} is false on the first of the two passes a request gets, which only fills the map.
 */
final class ValueMasker {

    static final String REMOVED = "[removed]";
    private static final java.util.regex.Pattern LIST_SEPARATOR = java.util.regex.Pattern.compile(
            "\\s*,\\s*|\\s*\\(\\+\\d+ more\\)\\s*");

    private final TokenVault vault;
    private final MaskReport report;
    private final boolean record;

    ValueMasker(TokenVault vault, MaskReport report, boolean record) {
        this.vault = vault;
        this.report = report;
        this.record = record;
    }

    /**
     * A field's whole value as its token (a UPN or {@code DOMAIN\account} keeps its domain). Numbers, booleans and
     * empty values are not identities and stay.
     */
    String field(String value, TokenKind kind, String field) {
        String stripped = value.strip();
        if (stripped.isEmpty() || isScalarLiteral(stripped)) {
            return value;
        }
        if (record) {
            report.anonymized(field);
        }
        Detectors.Found span = Detectors.wholeValue(stripped, kind);
        return stripped.substring(0, span.valueStart())
                + token(stripped.substring(span.valueStart(), span.valueEnd()), span.kind())
                + stripped.substring(span.valueEnd());
    }

    /**
     * A field's value that may list several ({@code a@x.com, b@x.com (+3 more)}): each item masked as a value of its
     * own, the separators and a trailing count kept.
     */
    String list(String value, TokenKind kind, String field) {
        Matcher separator = LIST_SEPARATOR.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        int last = 0;
        while (separator.find()) {
            out.append(item(value.substring(last, separator.start()), kind, field)).append(separator.group());
            last = separator.end();
        }
        return out.append(item(value.substring(last), kind, field)).toString();
    }

    private String item(String item, TokenKind kind, String field) {
        return item.isBlank() || item.strip().equals("...") ? item : field(item, kind, field);
    }

    /** An allowed field's value: sent as it is, except text that looks like a token (see {@link #text}). */
    String allowed(String value) {
        Matcher lookalike = TokenVault.TOKEN.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        int last = 0;
        while (lookalike.find()) {
            out.append(value, last, lookalike.start()).append(token(lookalike.group(), TokenKind.VALUE));
            last = lookalike.end();
        }
        return out.append(value, last, value.length()).toString();
    }

    /** Registers a denied field's value so that it is masked wherever else it appears. */
    void denied(String value, String field) {
        if (record) {
            report.removed(field);
        }
        String stripped = value.strip();
        if (stripped.length() >= 4 && !isScalarLiteral(stripped)) {
            vault.tokenFor(stripped, TokenKind.VALUE);
        }
    }

    /**
     * Free text: what the detectors find, and every value the session already masked in a field, become tokens.
     * Linear in the text times the longest known value.
     */
    String text(String text) {
        List<Detectors.Found> found = Detectors.find(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        int next = 0;
        int i = 0;
        while (i < text.length()) {
            while (next < found.size() && found.get(next).start() < i) {
                next++;
            }
            Detectors.Found detected = next < found.size() && found.get(next).start() == i ? found.get(next) : null;
            int known = Boundaries.isValueChar(text.charAt(i)) && Boundaries.startsWord(text, i)
                    ? vault.knownAt(text, i) : -1;
            if (detected != null && detected.end() >= known) {
                out.append(text, detected.start(), detected.valueStart())
                        .append(token(text.substring(detected.valueStart(), detected.valueEnd()), detected.kind()))
                        .append(text, detected.valueEnd(), detected.end());
                if (record) {
                    report.inText(detected.kind());
                }
                i = detected.end();
            } else if (known > i) {
                String value = text.substring(i, known);
                out.append(token(value, TokenKind.VALUE));
                i = known;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private String token(String value, TokenKind kind) {
        Optional<String> token = vault.tokenFor(value, kind);
        if (token.isEmpty() && record) {
            report.dropped();
        }
        return token.orElse(REMOVED);
    }

    private static boolean isScalarLiteral(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") || value.equalsIgnoreCase("null")) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isDigit(c) || c == '.' || c == '-' || c == '+')) {
                return false;
            }
        }
        // A bare IPv4 address is digits and dots too, but it is an identity.
        return value.chars().filter(c -> c == '.').count() < 3;
    }
}
