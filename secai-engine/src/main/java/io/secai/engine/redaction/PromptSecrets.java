package io.secai.engine.redaction;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets a user typed or pasted into a prompt, and masks them before the prompt is stored, sent to the model
 * or shown again: the configured secrets (through the redactor) and the common shapes of keys and tokens that SecAI
 * does not know, such as a storage account key or a private key block.
 *
 * <p>Every pattern is a plain character-class run without nested repetition, so scanning is linear in the prompt.
 */
public final class PromptSecrets {

    /** A kind of secret and the shape it takes; group {@code keep}, when present, is left visible. */
    private record Shape(String kind, Pattern pattern) {
        boolean keepsPrefix() {
            return pattern.pattern().contains("(?<keep>");
        }
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("a private key", Pattern.compile(
                    "-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[A-Za-z0-9+/=\\r\\n]*"
                            + "(?:-----END [A-Z ]{0,40}PRIVATE KEY-----)?")),
            new Shape("a JSON Web Token", Pattern.compile(SecretForms.JWT)),
            new Shape("a password or key in a connection string", Pattern.compile(
                    "(?<keep>(?i:\\b(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature|sig|"
                            + "client_secret|secret|api[-_]?key)\\s*[=:]\\s*))[^\\s;&\"',]{4,}")),
            new Shape("an Azure storage key", Pattern.compile("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==")),
            new Shape("an AWS access key", Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\\b")),
            new Shape("a GitHub token", Pattern.compile(
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\\b")),
            new Shape("an OpenAI key", Pattern.compile("\\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}")),
            new Shape("a bearer token", Pattern.compile(
                    "(?<keep>\\b[Bb]earer\\s+)(?=[A-Za-z0-9\\-._~+/]*[0-9\\-._~+/])[A-Za-z0-9\\-._~+/]{16,}=*")));

    private final UnaryOperator<String> redaction;

    /**
     * @param redaction masks the configured secrets in every encoding
     */
    public PromptSecrets(UnaryOperator<String> redaction) {
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    /**
     * What was found in one prompt.
     *
     * @param text the prompt with every secret replaced by {@code ***}
     * @param kinds what was found, in plain words, each once; empty when nothing was
     */
    public record Found(String text, List<String> kinds) {
        public Found {
            kinds = List.copyOf(kinds);
        }

        /** @return the notice for the user, or empty text when nothing was found */
        public String notice() {
            return kinds.isEmpty() ? "" : "Your prompt held " + String.join(", ", kinds)
                    + "; SecAI masked it as *** before storing or sending the prompt. Revoke a real secret that "
                    + "was typed anywhere it could be logged.";
        }
    }

    /**
     * @param prompt what the user typed
     * @return the prompt with every secret found masked, and what was found
     */
    public Found mask(String prompt) {
        Set<String> kinds = new LinkedHashSet<>();
        String text = prompt;
        for (Shape shape : SHAPES) {
            Matcher matcher = shape.pattern().matcher(text);
            if (!matcher.find()) {
                continue;
            }
            kinds.add(shape.kind());
            StringBuilder masked = new StringBuilder();
            int last = 0;
            do {
                masked.append(text, last, matcher.start());
                masked.append(shape.keepsPrefix() ? matcher.group("keep") : "").append("***");
                last = matcher.end();
            } while (matcher.find());
            text = masked.append(text, last, text.length()).toString();
        }
        String known = redaction.apply(text);
        if (!known.equals(text)) {
            kinds.add("a configured secret or token");
        }
        return new Found(known, new ArrayList<>(kinds));
    }
}
