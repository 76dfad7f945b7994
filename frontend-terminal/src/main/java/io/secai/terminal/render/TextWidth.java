package io.secai.terminal.render;

import org.jline.utils.WCWidth;

/**
 * Measures and cuts text by the columns it occupies on a terminal (wide East Asian characters take two), and
 * neutralises control characters: model output and fetched pages are untrusted, and an escape sequence inside them
 * must not reach the terminal.
 */
public final class TextWidth {
    private TextWidth() {
    }

    /**
     * @param text text without escape codes
     * @return the columns it occupies
     */
    public static int of(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            width += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return width;
    }

    /**
     * Replaces control characters (escape, bell, carriage return, ...) by a visible mark and tabs by spaces; keeps
     * line feeds.
     *
     * @param text untrusted text
     * @return text safe to print
     */
    public static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                out.append('\n');
            } else if (cp == '\t') {
                out.append("    ");
            } else if (cp == '\r') {
                continue;
            } else if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029
                    || Character.getType(cp) == Character.FORMAT && cp != 0x200D) {
                out.append('\uFFFD');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /**
     * Sanitises a cell and folds its lines into one.
     *
     * @param text untrusted text
     * @return one line, safe to print
     */
    public static String singleLine(String text) {
        return sanitize(text).replace('\n', ' ');
    }

    /**
     * Cuts text to a width, ending it with the ellipsis when something was cut.
     *
     * @param text one line of text without escape codes
     * @param width the columns available, at least 1
     * @param ellipsis the mark for cut text
     * @return the text, at most {@code width} columns wide
     */
    public static String cut(String text, int width, String ellipsis) {
        if (of(text) <= width) {
            return text;
        }
        int ellipsisWidth = of(ellipsis);
        if (width <= ellipsisWidth) {
            return take(text, width);
        }
        return take(text, width - ellipsisWidth) + ellipsis;
    }

    /**
     * @param text one line of text
     * @param width the columns to keep
     * @return the longest prefix that fits
     */
    public static String take(String text, int width) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int w = Math.max(0, WCWidth.wcwidth(cp));
            if (used + w > width) {
                break;
            }
            used += w;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /**
     * @param text one line of text
     * @param width the columns to fill
     * @param right whether to align right
     * @return the text padded with spaces to the width
     */
    public static String pad(String text, int width, boolean right) {
        int missing = width - of(text);
        if (missing <= 0) {
            return text;
        }
        String spaces = " ".repeat(missing);
        return right ? spaces + text : text + spaces;
    }
}
