package io.secai.kql.shortlist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns text and identifiers into index terms: words are split at non-letters and at CamelCase humps
 * ({@code DeviceNetworkEvents} gives {@code device}, {@code network}, {@code event}), lower-cased, stripped of
 * common English endings and of stop words.
 */
public final class Terms {
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "by", "with", "from", "at", "as", "is", "are",
            "was", "were", "be", "been", "that", "this", "these", "those", "it", "its", "me", "my", "i", "we", "our",
            "you", "your", "show", "give", "get", "list", "find", "display", "all", "any", "which", "what", "who",
            "where", "when", "how", "there", "their", "them", "they", "have", "has", "had", "do", "does", "did", "not",
            "no", "than", "then", "into", "over", "about", "past", "last", "days", "day", "hours", "hour", "week",
            "weeks", "month", "months", "between", "more", "most", "also", "such", "only", "including", "e", "g",
            "eg", "etc", "other", "can", "will", "would", "should", "if", "so", "some", "each", "per", "want", "know",
            "like", "please", "information", "details", "detail", "info", "number", "count", "top", "recent",
            "name", "names", "id", "ids");

    private Terms() {
    }

    /**
     * @param text any text: a question, a description or an identifier
     * @return its terms, in order, repeats kept
     */
    public static List<String> of(String text) {
        List<String> terms = new ArrayList<>();
        for (String word : splitWords(text)) {
            String lower = word.toLowerCase(Locale.ROOT);
            if (lower.length() < 2 || STOP_WORDS.contains(lower)) {
                continue;
            }
            terms.add(stem(lower));
        }
        return terms;
    }

    /** Splits at non-alphanumerics and at CamelCase humps, keeping acronyms such as {@code AAD} or {@code SHA256}. */
    static List<String> splitWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(words, current);
                continue;
            }
            if (!current.isEmpty()) {
                char previous = current.charAt(current.length() - 1);
                boolean lowerToUpper = Character.isLowerCase(previous) && Character.isUpperCase(c);
                boolean acronymEnd = Character.isUpperCase(previous) && Character.isUpperCase(c)
                        && i + 1 < text.length() && Character.isLowerCase(text.charAt(i + 1));
                boolean letterDigit = Character.isLetter(previous) != Character.isLetter(c)
                        && !(Character.isUpperCase(previous) || Character.isDigit(previous));
                if (lowerToUpper || acronymEnd || letterDigit) {
                    flush(words, current);
                }
            }
            current.append(c);
        }
        flush(words, current);
        return words;
    }

    private static void flush(List<String> words, StringBuilder current) {
        if (!current.isEmpty()) {
            words.add(current.toString());
            current.setLength(0);
        }
    }

    /** A light suffix stripper: enough to meet "installed", "installation" and "installs" at one term. */
    static String stem(String word) {
        if (word.length() <= 3 || !word.chars().allMatch(Character::isLetter)) {
            return word;
        }
        String w = word;
        if (w.endsWith("ations") && w.length() > 8) {
            w = w.substring(0, w.length() - 6);
        } else if (w.endsWith("ation") && w.length() > 7) {
            w = w.substring(0, w.length() - 5);
        } else if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.endsWith("ing") && w.length() > 5) {
            w = w.substring(0, w.length() - 3);
        } else if (w.endsWith("ed") && w.length() > 4) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.charAt(w.length() - 1) == w.charAt(w.length() - 2)
                && !w.endsWith("ss") && !w.endsWith("ll")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }
}
