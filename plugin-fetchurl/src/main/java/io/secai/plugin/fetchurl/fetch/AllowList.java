package io.secai.plugin.fetchurl.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The internal hosts an operator allows ({@code plugins.fetchurl.allow-hosts}).
 *
 * <p>An entry is {@code HOST} or {@code HOST:PORT}; {@code HOST} is a name, an IPv4 address or an IPv6 address
 * ({@code [::1]:8443} with a port). An entry without a port opens only the web's default ports, 80 and 443, so
 * allowing a host never opens its database or admin ports by accident. A name entry admits URLs naming that host
 * whatever it resolves to; an address entry admits only URLs that write that address, never a name that resolves
 * to it, because whoever controls a name's DNS could otherwise point it at the allowed address.
 */
public final class AllowList {

    private static final Set<Integer> DEFAULT_PORTS = Set.of(80, 443);

    /** One parsed entry. */
    private record Entry(String host, int port) {
        boolean admits(String urlHost, int urlPort) {
            return host.equals(urlHost) && (port == 0 ? DEFAULT_PORTS.contains(urlPort) : port == urlPort);
        }
    }

    private final Set<Entry> entries;

    private AllowList(Set<Entry> entries) {
        this.entries = Set.copyOf(entries);
    }

    /**
     * @param entries the setting's values
     * @return the allow-list
     * @throws IllegalArgumentException naming an entry that is malformed
     */
    public static AllowList parse(Collection<String> entries) {
        Set<Entry> parsed = new LinkedHashSet<>();
        for (String raw : entries) {
            String text = raw.trim().toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                continue;
            }
            String host = text;
            int port = 0;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("allow-hosts entry \"" + raw + "\" has no closing \"]\"");
                }
                host = text.substring(1, close);
                String rest = text.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException("allow-hosts entry \"" + raw + "\" is not [ADDRESS]:PORT");
                    }
                    port = port(rest.substring(1), raw);
                }
            } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
                host = text.substring(0, text.indexOf(':'));
                port = port(text.substring(text.indexOf(':') + 1), raw);
            }
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("allow-hosts entry \"" + raw + "\" names no host");
            }
            parsed.add(new Entry(canonical(host), port));
        }
        return new AllowList(parsed);
    }

    /**
     * @param host the URL's host, lower case, without brackets or trailing dot
     * @param port the URL's port (its scheme's default when it names none)
     * @return whether the operator allows this host at this port
     */
    public boolean admits(String host, int port) {
        String canonical = canonical(host);
        return entries.stream().anyMatch(entry -> entry.admits(canonical, port));
    }

    /** @return whether the list is empty */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Address literals in one spelling, so {@code [0:0::1]} and {@code ::1} are the same entry. */
    private static String canonical(String host) {
        try {
            if (host.contains(":")) {
                return InetAddress.getByName("[" + host + "]").getHostAddress();
            }
            Optional<HostLiterals.NumericHost> numeric = HostLiterals.parseIpv4(host);
            return numeric.map(n -> n.address().getHostAddress()).orElse(host);
        } catch (UnknownHostException e) {
            return host;
        }
    }

    private static int port(String text, String raw) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the whole entry
        }
        throw new IllegalArgumentException("allow-hosts entry \"" + raw + "\" has an invalid port \"" + text + "\"");
    }
}
