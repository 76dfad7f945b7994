package io.secai.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Whether the chosen address lets other machines in, and what that demands: the access token and the session
 * cookie must not cross a network in clear, so a non-loopback address needs TLS, or the operator's explicit
 * {@code --insecure-network}, which is then warned about on every start.
 */
final class NetworkExposure {

    private NetworkExposure() {
    }

    /**
     * @param settings where the server is to listen
     * @return warnings to show on this start; empty when there is nothing to warn about
     * @throws IllegalArgumentException when the address is reachable from the network over plain HTTP and the
     *         operator did not accept that
     */
    static List<String> check(WebSettings settings) {
        if (settings.tls() || loopback(settings.host())) {
            return List.of();
        }
        if (!settings.insecureNetwork()) {
            throw new IllegalArgumentException("Listening on " + settings.host() + " over plain HTTP would send the "
                    + "access token and session cookie unencrypted to anyone on the network. Give a certificate "
                    + "with --tls-keystore (web.tls.keystore), bind 127.0.0.1, or accept the risk with "
                    + "--insecure-network (web.insecure-network).");
        }
        return List.of("WARNING: SecAI web listens on " + settings.host() + " over plain HTTP "
                + "(--insecure-network): the access token and session cookie cross the network unencrypted.");
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(bare);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            // Jetty will fail to bind it and say so; no exposure to judge.
            return true;
        }
    }
}
