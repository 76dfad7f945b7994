package io.secai.engine.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds user principal names and mail addresses, IPv4 and IPv6 addresses, {@code DOMAIN\account} names and host
 * names under internal DNS suffixes in free text. Every pattern has bounded repetition, so a scan is linear in the
 * text whatever it holds. For a UPN, a mail address or a {@code DOMAIN\account}, only the person's part is masked:
 * {@code amelia.ross@contoso.com} becomes {@code USER_1@contoso.com}, the same {@code USER_1} an account-name field
 * holding {@code amelia.ross} gets, so the model can still join the two.
 */
final class Detectors {

    /**
     * A value found in text: the span from {@code start} to {@code end} is replaced by its text with the part from
     * {@code valueStart} to {@code valueEnd} masked.
     */
    record Found(int start, int end, int valueStart, int valueEnd, TokenKind kind) {
    }

    private static final Pattern MAIL = Pattern.compile(
            "(?<![\\w.%+\\-])([\\w.%+\\-]{1,64})@([A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){1,8})"
                    + "(?![A-Za-z0-9-])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
                    + "(?!\\.?\\d)(?!\\w)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![\\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
                    + "|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?)"
                    + "(?![\\w:])");
    private static final Pattern DOMAIN_ACCOUNT = Pattern.compile(
            "(?<![\\w\\\\])[A-Z][A-Z0-9-]{1,14}\\\\{1,2}([A-Za-z0-9._$-]{1,64})(?![\\w$-])");
    private static final Pattern INTERNAL_HOST = Pattern.compile(
            "(?<![\\w.@-])([A-Za-z0-9][A-Za-z0-9-]{0,62})((?:\\.[A-Za-z0-9-]{1,63}){0,6}"
                    + "\\.(?:local|internal|corp|lan|intra|localdomain|home\\.arpa))(?![\\w-])",
            Pattern.CASE_INSENSITIVE);

    private Detectors() {
    }

    /**
     * @param text free text
     * @return what the detectors found, in order, none overlapping (the longest wins where two start together)
     */
    static List<Found> find(CharSequence text) {
        List<Found> all = new ArrayList<>();
        Matcher token = TokenVault.TOKEN.matcher(text);
        while (token.find()) {
            // Text that already looks like a token is masked like a value, so an answer's tokens are always SecAI's.
            all.add(new Found(token.start(), token.end(), token.start(), token.end(), TokenKind.VALUE));
        }
        Matcher mail = MAIL.matcher(text);
        while (mail.find()) {
            all.add(new Found(mail.start(), mail.end(), mail.start(1), mail.end(1), TokenKind.USER));
        }
        Matcher ip = IPV4.matcher(text);
        while (ip.find()) {
            all.add(new Found(ip.start(), ip.end(), ip.start(), ip.end(), TokenKind.IP));
        }
        Matcher ip6 = IPV6.matcher(text);
        while (ip6.find()) {
            if (ip6.end() - ip6.start() >= 3 && hasHexDigit(text, ip6.start(), ip6.end())) {
                all.add(new Found(ip6.start(), ip6.end(), ip6.start(), ip6.end(), TokenKind.IP));
            }
        }
        Matcher account = DOMAIN_ACCOUNT.matcher(text);
        while (account.find()) {
            all.add(new Found(account.start(), account.end(), account.start(1), account.end(1), TokenKind.USER));
        }
        Matcher host = INTERNAL_HOST.matcher(text);
        while (host.find()) {
            all.add(new Found(host.start(), host.end(), host.start(1), host.end(1), TokenKind.HOST));
        }
        all.sort(Comparator.comparingInt(Found::start).thenComparing(Comparator.comparingInt(Found::end).reversed()));
        List<Found> kept = new ArrayList<>();
        int covered = 0;
        for (Found found : all) {
            if (found.start() >= covered) {
                kept.add(found);
                covered = found.end();
            }
        }
        return kept;
    }

    /**
     * How a whole field value is masked: a UPN, a mail address or {@code DOMAIN\account} keeps its domain; anything
     * else is masked whole.
     *
     * @param value a field's value
     * @param kind the field's kind
     * @return the span to mask
     */
    static Found wholeValue(String value, TokenKind kind) {
        Matcher mail = MAIL.matcher(value);
        if (mail.matches()) {
            return new Found(0, value.length(), mail.start(1), mail.end(1), kind == TokenKind.MAIL ? kind
                    : TokenKind.USER);
        }
        Matcher account = DOMAIN_ACCOUNT.matcher(value);
        if (account.matches()) {
            return new Found(0, value.length(), account.start(1), account.end(1), kind);
        }
        return new Found(0, value.length(), 0, value.length(), kind);
    }

    private static boolean hasHexDigit(CharSequence text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.digit(text.charAt(i), 16) >= 0) {
                return true;
            }
        }
        return false;
    }
}
