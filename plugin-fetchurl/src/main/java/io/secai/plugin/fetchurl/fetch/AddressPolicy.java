package io.secai.plugin.fetchurl.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Decides whether an address is on the public internet. Everything that reaches the machine itself, a private
 * network, the cloud metadata service or no single host at all is refused, including IPv6 forms that carry such an
 * IPv4 address inside them.
 */
public final class AddressPolicy {

    /**
     * Why an address must not be contacted.
     *
     * @param address the address
     * @return a short description of its kind (for example {@code a loopback address}), or empty when it is public
     */
    public Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Refusal(bytes);
        }
        if (address instanceof Inet6Address) {
            return ipv6Refusal(bytes);
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> ipv4Refusal(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return Optional.of("an address of 0.0.0.0/8 (this host)");
        }
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private network address");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address (cloud metadata services live here)");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
            return Optional.of("a reserved address");
        }
        if (a0 == 192 && a1 == 88 && a2 == 99) {
            return Optional.of("a 6to4 relay address");
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return Optional.of("a benchmarking network address");
        }
        if ((a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Optional.of("a documentation address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && (b[3] & 0xff) == 255) {
            return Optional.of("the broadcast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6Refusal(byte[] b) {
        if (allZero(b, 0, 10)) {
            boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped || allZero(b, 10, 12)) {
                if (!mapped && allZero(b, 12, 15) && (b[15] & 0xff) <= 1) {
                    return Optional.of((b[15] & 0xff) == 1 ? "the IPv6 loopback address" : "the unspecified address");
                }
                return embedded(b, 12, mapped ? "an IPv4-mapped IPv6 address" : "an IPv4-compatible IPv6 address");
            }
        }
        int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (first == 0x0064 && second == 0xff9b) {
            if (allZero(b, 4, 12)) {
                return embedded(b, 12, "a NAT64 address");
            }
            return Optional.of("a local-use NAT64 address");
        }
        if (first == 0x2002) {
            return embedded(b, 2, "a 6to4 address");
        }
        if (first == 0x2001 && second == 0x0000) {
            return Optional.of("a Teredo tunnel address");
        }
        if (first == 0x2001 && second == 0x0db8) {
            return Optional.of("a documentation address");
        }
        if (first == 0x0100 && allZero(b, 2, 8)) {
            return Optional.of("a discard-only address");
        }
        if ((first & 0xfe00) == 0xfc00) {
            return Optional.of("a unique-local IPv6 address");
        }
        if ((first & 0xffc0) == 0xfe80) {
            return Optional.of("a link-local IPv6 address");
        }
        if ((first & 0xffc0) == 0xfec0) {
            return Optional.of("a site-local IPv6 address");
        }
        if ((first & 0xff00) == 0xff00) {
            return Optional.of("a multicast IPv6 address");
        }
        if ((first & 0xe000) != 0x2000) {
            return Optional.of("an IPv6 address outside the global unicast range");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] b, int offset, String form) {
        byte[] v4 = new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
        Optional<String> inner = ipv4Refusal(v4);
        if (inner.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(form + " carrying " + InetAddress.getByAddress(v4).getHostAddress() + ", "
                    + inner.get());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
