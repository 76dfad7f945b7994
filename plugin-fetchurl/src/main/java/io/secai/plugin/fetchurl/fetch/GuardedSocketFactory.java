package io.secai.plugin.fetchurl.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Set;
import javax.net.SocketFactory;

/**
 * Creates sockets that connect only to the addresses checked for the current hop, and to the port a
 * {@link ConnectToRule} names. It is the last line of defence: whatever the HTTP client decides to connect to, an
 * address that was not checked is refused here.
 */
final class GuardedSocketFactory extends SocketFactory {

    private final Set<InetAddress> checked;
    private final int targetPort;

    /**
     * @param checked the addresses this hop may connect to
     * @param targetPort the port to connect to instead of the URL's, or 0 to keep it
     */
    GuardedSocketFactory(Set<InetAddress> checked, int targetPort) {
        this.checked = Set.copyOf(checked);
        this.targetPort = targetPort;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new IOException("connections by host name bypass the address check");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new IOException("connections by host name bypass the address check");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private final class GuardedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target) || target.isUnresolved()
                    || !checked.contains(target.getAddress())) {
                throw new AddressRefusedException("connection to " + endpoint + " was not checked");
            }
            int port = targetPort > 0 ? targetPort : target.getPort();
            super.connect(new InetSocketAddress(target.getAddress(), port), timeout);
        }
    }
}
