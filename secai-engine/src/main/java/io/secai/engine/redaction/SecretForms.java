package io.secai.engine.redaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spellings one secret takes on its way out: literal, URL-encoded (any mix of {@code %7E} and {@code ~},
 * {@code +} or {@code %20} for a space, lower- or upper-case hex, once or twice encoded), JSON-escaped
 * ({@code \/}, {@code \"}, {@code \u007e}), and Base64 in the standard and URL-safe alphabets, whole or at any of
 * the three byte alignments inside a longer Base64 text (a secret inside {@code id:secret} basic credentials, say).
 *
 * <p>All of them are computed once, as regular-expression fragments, so that masking a text is one pass of one
 * pattern over it.
 */
public final class SecretForms {

    /**
     * Base64 fragments shorter than this are left out: they could match ordinary text, and a secret this short gives
     * away little through them.
     */
    static final int MIN_BASE64_FRAGMENT = 8;

    /**
     * Three Base64url parts, the first two JSON objects: a JWT, whoever issued it. It must start a run of Base64url
     * characters (not at {@code \\b}, which holds after every {@code -}): otherwise a text like
     * {@code -eyJa-eyJa-...} starts a new attempt every five characters, each scanning the rest of the run, and
     * 100 KB of it took 54 s to mask. The parts are matched possessively, as a {@code .} ends each, so every
     * character is looked at a bounded number of times.
     */
    public static final String JWT =
            "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]*+";

    private SecretForms() {
    }

    /**
     * @param secret a non-empty secret
     * @return regular-expression fragments, longest secret form first, each matching one spelling
     */
    public static List<String> fragments(String secret) {
        Set<String> fragments = new LinkedHashSet<>();
        fragments.add(encodedText(secret));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            String whole = encoder.encodeToString(bytes);
            if (whole.length() >= MIN_BASE64_FRAGMENT) {
                fragments.add(Pattern.quote(whole));
            }
            for (int offset = 0; offset < 3; offset++) {
                String aligned = alignedBase64(bytes, offset, encoder);
                if (aligned.length() >= MIN_BASE64_FRAGMENT) {
                    fragments.add(Pattern.quote(aligned));
                }
            }
        }
        return new ArrayList<>(fragments);
    }

    /**
     * The Base64 characters that depend on the secret's bytes alone when it starts {@code offset} bytes into a
     * three-byte group: whatever precedes or follows it, these characters appear in the encoding.
     */
    static String alignedBase64(byte[] secret, int offset, Base64.Encoder encoder) {
        byte[] padded = new byte[offset + secret.length + 2];
        System.arraycopy(secret, 0, padded, offset, secret.length);
        String encoded = encoder.withoutPadding().encodeToString(padded);
        int firstBit = 8 * offset;
        int endBit = 8 * (offset + secret.length);
        int first = (firstBit + 5) / 6;
        int end = endBit / 6;
        return end > first ? encoded.substring(first, end) : "";
    }

    /** One alternative per character: the character itself, percent-encoded or JSON-escaped. */
    private static String encodedText(String secret) {
        StringBuilder pattern = new StringBuilder();
        secret.codePoints().forEach(codePoint -> pattern.append(character(codePoint)));
        return pattern.toString();
    }

    private static String character(int codePoint) {
        if (codePoint < 128 && Character.isLetterOrDigit(codePoint)) {
            return String.valueOf((char) codePoint);
        }
        List<String> spellings = new ArrayList<>();
        spellings.add(Pattern.quote(new String(Character.toChars(codePoint))));
        byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        StringBuilder percent = new StringBuilder();
        StringBuilder twice = new StringBuilder();
        for (byte b : utf8) {
            String hex = hex(b & 0xff, 2);
            percent.append('%').append(hex);
            twice.append("%25").append(hex);
        }
        spellings.add(percent.toString());
        spellings.add(twice.toString());
        if (codePoint == ' ') {
            // "+" for a space, and that "+" encoded once more.
            spellings.add("\\+");
            spellings.add("%2[Bb]");
        }
        char[] chars = Character.toChars(codePoint);
        StringBuilder unicode = new StringBuilder();
        for (char c : chars) {
            unicode.append("\\\\u").append(hex(c, 4));
        }
        spellings.add(unicode.toString());
        switch (codePoint) {
            case '"', '\\', '/' -> spellings.add("\\\\" + Pattern.quote(String.valueOf((char) codePoint)));
            case '\n' -> spellings.add("\\\\n");
            case '\t' -> spellings.add("\\\\t");
            case '\r' -> spellings.add("\\\\r");
            default -> {
            }
        }
        return "(?:" + String.join("|", spellings) + ")";
    }

    /** Hex digits matching either case, as encoders differ. */
    private static String hex(int value, int digits) {
        String text = String.format(Locale.ROOT, "%0" + digits + "X", value);
        StringBuilder pattern = new StringBuilder();
        for (char c : text.toCharArray()) {
            pattern.append(Character.isLetter(c) ? "[" + c + Character.toLowerCase(c) + "]" : String.valueOf(c));
        }
        return pattern.toString();
    }
}
