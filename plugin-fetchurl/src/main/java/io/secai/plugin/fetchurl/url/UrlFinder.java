package io.secai.plugin.fetchurl.url;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the web addresses in a task's text without asking the model: {@code http(s)://} URLs and bare
 * {@code www.} names, with punctuation that ends the sentence around them removed and the {@code #fragment} dropped,
 * since servers never see it.
 */
public final class UrlFinder {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?i)\\b(?:https?://|www\\.)[^\\s<>\"'`{}|\\\\^]+");
    private static final String TRAILING = ".,;:!?*_~'\"";

    /**
     * @param text the task's instruction
     * @return the distinct URLs in order of appearance, without fragments
     */
    public List<String> find(String text) {
        Set<String> urls = new LinkedHashSet<>();
        Matcher matcher = CANDIDATE.matcher(text);
        while (matcher.find()) {
            String url = trim(matcher.group());
            if (url.toLowerCase(Locale.ROOT).startsWith("www.")) {
                url = "https://" + url;
            }
            int hash = url.indexOf('#');
            if (hash >= 0) {
                url = url.substring(0, hash);
            }
            if (hasHost(url)) {
                urls.add(url);
            }
        }
        return new ArrayList<>(urls);
    }

    private static String trim(String candidate) {
        String url = candidate;
        boolean changed = true;
        while (changed && !url.isEmpty()) {
            changed = false;
            char last = url.charAt(url.length() - 1);
            if (TRAILING.indexOf(last) >= 0) {
                url = url.substring(0, url.length() - 1);
                changed = true;
            } else if ((last == ')' || last == ']') && unbalanced(url, last == ')' ? '(' : '[', last)) {
                url = url.substring(0, url.length() - 1);
                changed = true;
            }
        }
        return url;
    }

    private static boolean unbalanced(String url, char open, char close) {
        long opens = url.chars().filter(c -> c == open).count();
        long closes = url.chars().filter(c -> c == close).count();
        return closes > opens;
    }

    private static boolean hasHost(String url) {
        int start = url.indexOf("://") + 3;
        return start > 2 && start < url.length() && url.charAt(start) != '/';
    }
}
