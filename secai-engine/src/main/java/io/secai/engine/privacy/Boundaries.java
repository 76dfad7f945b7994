package io.secai.engine.privacy;

/** Which characters belong to a value (a user, an address, a host), so a match never starts or ends mid-word. */
final class Boundaries {

    private Boundaries() {
    }

    /**
     * @param c a character
     * @return whether it can be part of an identity value: letters, digits and {@code _ - @}
     */
    static boolean isValueChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '@';
    }

    /**
     * @param text any text
     * @param at a position
     * @return whether a value may start at {@code at}
     */
    static boolean startsWord(CharSequence text, int at) {
        return at == 0 || !isValueChar(text.charAt(at - 1)) && text.charAt(at - 1) != '.';
    }
}
