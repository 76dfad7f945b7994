package io.secai.plugin.fetchurl.fetch;

import java.util.Locale;
import java.util.Objects;

/**
 * A curl-style {@code HOST:PORT:ADDR:PORT2} routing rule: requests for {@code HOST:PORT} connect to
 * {@code ADDR:PORT2} instead, while TLS still verifies {@code HOST}. Operators behind split DNS use it; the address
 * is still checked unless the host is allow-listed.
 *
 * @param host the host the URL names, lower case
 * @param port the port the URL names
 * @param address where to connect instead: an address literal or a host name
 * @param targetPort the port to connect to
 */
public record ConnectToRule(String host, int port, String address, int targetPort) {

    public ConnectToRule {
        host = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(address, "address");
    }

    /**
     * @param rule {@code HOST:PORT:ADDR:PORT2}; an IPv6 {@code ADDR} goes in brackets
     * @return the rule
     * @throws IllegalArgumentException naming the rule when it is malformed
     */
    public static ConnectToRule parse(String rule) {
        String text = rule.trim();
        int first = text.indexOf(':');
        int second = first < 0 ? -1 : text.indexOf(':', first + 1);
        int last = text.lastIndexOf(':');
        if (first <= 0 || second < 0 || last <= second) {
            throw new IllegalArgumentException("connect-to rule \"" + rule + "\" is not HOST:PORT:ADDR:PORT2");
        }
        String address = text.substring(second + 1, last);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.isEmpty()) {
            throw new IllegalArgumentException("connect-to rule \"" + rule + "\" has no address");
        }
        return new ConnectToRule(text.substring(0, first), port(text.substring(first + 1, second), rule), address,
                port(text.substring(last + 1), rule));
    }

    private static int port(String text, String rule) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole rule
        }
        throw new IllegalArgumentException("connect-to rule \"" + rule + "\" has an invalid port \"" + text + "\"");
    }

    boolean matches(String urlHost, int urlPort) {
        return host.equals(urlHost) && port == urlPort;
    }
}
