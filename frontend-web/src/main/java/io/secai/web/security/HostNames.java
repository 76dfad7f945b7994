package io.secai.web.security;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The host names a browser may use to reach this server. Anything else in a {@code Host} or {@code Origin} header
 * means a page from another site is talking to us through a rebound DNS name, and is refused.
 */
public final class HostNames {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private final Set<String> allowed;

    private HostNames(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /**
     * The names for a bind address: the loopback names when bound to loopback, the configured name, and for a
     * wildcard bind also this machine's name and interface addresses.
     *
     * @param bindHost the configured {@code web.host}
     * @return the allowed names
     */
    public static HostNames forBindAddress(String bindHost) {
        Set<String> names = new LinkedHashSet<>();
        String configured = normalize(bindHost);
        names.add(configured);
        if (isLoopback(configured)) {
            names.addAll(LOOPBACK);
        }
        if (configured.equals("0.0.0.0") || configured.equals("[::]") || configured.equals("[0:0:0:0:0:0:0:0]")) {
            names.addAll(LOOPBACK);
            names.addAll(localMachineNames());
        }
        return new HostNames(names);
    }

    /**
     * Whether a {@code Host} header names this server.
     *
     * @param hostHeader the header, with or without a port; null when absent
     * @return whether it is allowed
     */
    public boolean allowsHostHeader(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        return allows(stripPort(hostHeader.strip()));
    }

    /**
     * Whether a bare host name (no port) names this server.
     *
     * @param host the name; IPv6 literals in brackets
     * @return whether it is allowed
     */
    public boolean allows(String host) {
        return host != null && allowed.contains(normalize(host));
    }

    /** @return the allowed names, for messages */
    public Set<String> names() {
        return allowed;
    }

    static String stripPort(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }

    private static String normalize(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        if (name.equals("[0:0:0:0:0:0:0:1]")) {
            return "[::1]";
        }
        return name;
    }

    private static boolean isLoopback(String name) {
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]");
    }

    private static Set<String> localMachineNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            names.add(normalize(InetAddress.getLocalHost().getHostName()));
        } catch (UnknownHostException e) {
            // A machine without a resolvable name is still reachable by its addresses, added below.
            names.add("localhost");
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    names.add(normalize(zone < 0 ? text : text.substring(0, zone)));
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this machine's network addresses to check Host headers: "
                    + e.getMessage(), e);
        }
        return names;
    }
}
