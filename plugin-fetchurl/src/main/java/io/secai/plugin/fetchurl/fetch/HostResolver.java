package io.secai.plugin.fetchurl.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses; the fetcher checks every one of them before it connects. */
@FunctionalInterface
public interface HostResolver {

    /** The system resolver. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /**
     * @param host a host name (never an address literal)
     * @return every address the name resolves to
     * @throws UnknownHostException when it resolves to nothing
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
