package io.secai.plugin.fetchurl.fetch;

import io.secai.api.ServiceException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Dns;
import okhttp3.HttpUrl;

/**
 * The address check of one hop: resolves the URL's host once, refuses it unless every address it resolves to is
 * public (or the operator allow-listed the host), and pins the HTTP client to exactly the checked addresses, so a
 * name cannot resolve to a public address for the check and a private one for the connection.
 *
 * <p>It is apart from {@link SafeFetcher} because it is the SSRF policy, a decision made before any byte is sent;
 * the fetcher is the transfer (requests, redirects, status codes, the size cap) and asks this for every hop,
 * redirects included. Thread-safe: it holds only immutable settings.
 */
final class HopPinning {

    /** The checked addresses of one hop and how to reach them: hand both to the HTTP client. */
    record Hop(Dns dns, GuardedSocketFactory socketFactory) {
    }

    private final HostResolver resolver;
    private final AddressPolicy policy;
    private final AllowList allowList;
    private final List<ConnectToRule> connectTo;

    /**
     * @param resolver the name resolver
     * @param policy which addresses are not public
     * @param allowList the internal hosts the operator allows
     * @param connectTo routing rules, whose addresses are checked like the host's own
     */
    HopPinning(HostResolver resolver, AddressPolicy policy, AllowList allowList, List<ConnectToRule> connectTo) {
        this.resolver = resolver;
        this.policy = policy;
        this.allowList = allowList;
        this.connectTo = List.copyOf(connectTo);
    }

    /**
     * @param url the address of the hop about to be requested
     * @return the hop's checked addresses, pinned
     * @throws ServiceException REJECTED naming why the URL is refused, UNAVAILABLE when its host does not resolve
     */
    Hop check(HttpUrl url) {
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw SafeFetcher.rejected("refused " + SafeFetcher.shorten(url) + ": the URL carries a user name or "
                    + "password before \"@\", a common way to disguise the real host " + url.host());
        }
        String host = url.host().toLowerCase(Locale.ROOT);
        String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        boolean allowed = allowList.admits(bare, url.port());
        Optional<ConnectToRule> rule = connectTo.stream().filter(r -> r.matches(bare, url.port())).findFirst();
        List<InetAddress> addresses = rule.isPresent() ? resolveName(rule.get().address(), url, allowed)
                : resolveName(bare, url, allowed);
        Set<InetAddress> checked = new LinkedHashSet<>();
        for (InetAddress address : addresses) {
            if (!allowed) {
                Optional<String> refusal = policy.refusal(address);
                if (refusal.isPresent()) {
                    throw SafeFetcher.rejected("refused " + SafeFetcher.shorten(url) + ": " + bare + " "
                            + (isLiteral(bare) ? "is " : "resolves to " + address.getHostAddress() + ", ")
                            + refusal.get());
                }
            }
            checked.add(address);
        }
        List<InetAddress> pinned = List.copyOf(checked);
        Dns dns = name -> {
            if (!name.equalsIgnoreCase(url.host())) {
                throw new AddressRefusedException(name + " was not checked");
            }
            return pinned;
        };
        return new Hop(dns, new GuardedSocketFactory(checked, rule.map(ConnectToRule::targetPort).orElse(0)));
    }

    private List<InetAddress> resolveName(String name, HttpUrl url, boolean allowed) {
        try {
            if (name.contains(":")) {
                // Java folds ::ffff:a.b.c.d into an IPv4 address; the policy then sees the address it carries.
                return List.of(InetAddress.getByName("[" + name + "]"));
            }
            Optional<HostLiterals.NumericHost> numeric = HostLiterals.parseIpv4(name);
            if (numeric.isPresent()) {
                if (!numeric.get().canonical() && !allowed) {
                    throw SafeFetcher.rejected("refused " + SafeFetcher.shorten(url) + ": " + name
                            + " is an unusual spelling of the address " + numeric.get().address().getHostAddress()
                            + describe(numeric.get().address()));
                }
                return List.of(numeric.get().address());
            }
            if (!allowed && (name.equals("localhost") || name.endsWith(".localhost")
                    || name.equals("localhost.localdomain"))) {
                throw SafeFetcher.rejected("refused " + SafeFetcher.shorten(url) + ": " + name
                        + " always names this machine");
            }
            List<InetAddress> resolved = resolver.resolve(name);
            if (resolved.isEmpty()) {
                throw new UnknownHostException(name);
            }
            return resolved;
        } catch (UnknownHostException e) {
            throw new ServiceException(SafeFetcher.SERVICE, ServiceException.Kind.UNAVAILABLE,
                    "could not resolve " + name + (e.getMessage() == null || e.getMessage().equals(name) ? ""
                            : " (" + e.getMessage() + ")"), e);
        }
    }

    private String describe(InetAddress address) {
        return policy.refusal(address).map(reason -> ", " + reason).orElse("; write the address in dotted form");
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
