package io.secai.terminal.render;

/** Counts in words: {@code 1 prompt}, {@code 2 prompts}, {@code 0 rows}. */
public final class Plural {
    private Plural() {
    }

    /**
     * @param count how many
     * @param noun the singular, made plural with an {@code s}
     * @return the count and the noun
     */
    public static String of(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }
}
