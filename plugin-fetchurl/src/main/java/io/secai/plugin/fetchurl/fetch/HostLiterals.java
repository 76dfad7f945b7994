package io.secai.plugin.fetchurl.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads host names that are really IPv4 addresses the way C resolvers ({@code inet_aton}) and browsers do:
 * {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} all mean 127.0.0.1. A filter that only
 * recognises dotted quads would let these through to a resolver that connects to loopback.
 */
final class HostLiterals {

    private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern CANONICAL_QUAD =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private HostLiterals() {
    }

    /** A host that is written as an IPv4 address in some form. */
    record NumericHost(InetAddress address, boolean canonical) {
    }

    /**
     * @param host a host name as it appears in a URL, without brackets or a trailing dot
     * @return the address when the last label is numeric, which makes resolvers read the whole name as an address
     * @throws UnknownHostException when the name is numeric but no valid address (a resolver would not agree on it)
     */
    static Optional<NumericHost> parseIpv4(String host) throws UnknownHostException {
        String[] parts = host.split("\\.", -1);
        if (parts.length == 0 || !NUMBER.matcher(parts[parts.length - 1]).matches()) {
            return Optional.empty();
        }
        if (parts.length > 4) {
            throw new UnknownHostException(host + " is neither a host name nor a valid IPv4 address");
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = parsePart(parts[i], host);
            boolean last = i == parts.length - 1;
            long limit = last ? 1L << (8 * (4 - i)) : 256;
            if (part >= limit) {
                throw new UnknownHostException(host + " is not a valid IPv4 address");
            }
            value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return Optional.of(new NumericHost(InetAddress.getByAddress(bytes), CANONICAL_QUAD.matcher(host).matches()));
    }

    private static long parsePart(String part, String host) throws UnknownHostException {
        if (!NUMBER.matcher(part).matches()) {
            throw new UnknownHostException(host + " mixes numbers and names, which resolvers read as an address");
        }
        String lower = part.toLowerCase(Locale.ROOT);
        int radix = 10;
        String digits = lower;
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = lower.substring(2);
        } else if (lower.length() > 1 && lower.startsWith("0")) {
            radix = 8;
            digits = lower.substring(1);
        }
        if (digits.isEmpty()) {
            return 0;
        }
        if (digits.length() > 12) {
            throw new UnknownHostException(host + " is not a valid IPv4 address");
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new UnknownHostException(host + " is not a valid IPv4 address");
        }
    }
}
