package io.secai.engine.privacy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One session's value-to-token map, both ways. The same value (ignoring case) always gets the same token, whatever
 * field it came from, so the model can still see that two rows name the same user. Bounded: past {@code maxValues}
 * values, or for a value longer than {@code maxValueChars}, no token is minted and the caller removes the value
 * instead (it never leaks because the map is full). Thread-safe. Held in memory only: tokens never reach the session
 * store, the audit log or the user, so a resumed session simply mints new ones.
 */
public final class TokenVault {

    /** Any text shaped like one of SecAI's tokens. */
    public static final Pattern TOKEN = Pattern.compile("\\b(USER|MAIL|IP|HOST|VALUE)_(\\d{1,9})\\b");

    private final int maxValues;
    private final int maxValueChars;
    private final Map<String, String> byValue = new HashMap<>();
    private final Map<String, String> byToken = new HashMap<>();
    private final Map<TokenKind, Integer> counters = new HashMap<>();
    private final KnownValues known = new KnownValues();

    /**
     * @param maxValues how many distinct values the session may hold
     * @param maxValueChars the longest value that gets a token
     */
    public TokenVault(int maxValues, int maxValueChars) {
        if (maxValues < 1 || maxValueChars < 1) {
            throw new IllegalArgumentException("the token map needs room for at least one value of one character");
        }
        this.maxValues = maxValues;
        this.maxValueChars = maxValueChars;
    }

    /**
     * The value's token, minted on first sight.
     *
     * @param value the real value
     * @param kind what it is, used only when the value is new
     * @return the token; empty when the map is full or the value too long (the caller then removes the value)
     */
    public synchronized Optional<String> tokenFor(String value, TokenKind kind) {
        String key = key(value);
        String token = byValue.get(key);
        if (token != null) {
            return Optional.of(token);
        }
        if (value.isBlank() || value.length() > maxValueChars || byValue.size() >= maxValues) {
            return Optional.empty();
        }
        int next = counters.merge(kind, 1, Integer::sum);
        token = kind.prefix() + "_" + next;
        byValue.put(key, token);
        byToken.put(token, value);
        known.add(key);
        return Optional.of(token);
    }

    /**
     * @param value a real value
     * @return its token when it already has one
     */
    public synchronized Optional<String> existing(String value) {
        return Optional.ofNullable(byValue.get(key(value)));
    }

    /**
     * @param token a token
     * @return the real value it stands for, when this vault minted it
     */
    public synchronized Optional<String> valueOf(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /** @return how many values have a token */
    public synchronized int size() {
        return byValue.size();
    }

    /**
     * Turns every token this vault minted back into its value; other text, including token-shaped text this vault
     * did not mint, stays as it is. Linear in the text.
     *
     * @param text the model's text
     * @return the text with real values
     */
    public String reveal(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher token = TOKEN.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (token.find()) {
            Optional<String> value = valueOf(token.group());
            if (value.isPresent()) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 64);
                }
                out.append(text, last, token.start()).append(value.get());
                last = token.end();
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    /**
     * Finds the longest known value starting at {@code from}, on a word boundary.
     *
     * @param text the text
     * @param from where a value may start
     * @return the end of the match, or -1
     */
    synchronized int knownAt(CharSequence text, int from) {
        return known.longestAt(text, from);
    }

    /**
     * @param text text from {@code start} to {@code end}
     * @return the key the vault knows that text by
     */
    static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
