package io.secai.plugin.fetchurl;

import io.secai.api.Check;
import io.secai.plugin.fetchurl.fetch.AddressPolicy;
import io.secai.plugin.fetchurl.fetch.AllowList;
import io.secai.plugin.fetchurl.fetch.ConnectToRule;
import io.secai.plugin.fetchurl.fetch.FetchOptions;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fetchurl plugin's part of {@code secai doctor}: its settings read (or the plugin would not have started), and
 * they make sense together: the total time allows a connection, and no routing rule sends a host to an internal
 * address the allow-list does not admit (every fetch of it would be refused). No page is fetched: a doctor run must
 * not reach out to the internet.
 */
final class FetchSelfCheck {

    static final String SETTINGS = "settings (plugins.fetchurl)";

    private FetchSelfCheck() {
    }

    static List<Check> run(FetchOptions options) {
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (options.totalTimeout().compareTo(options.connectTimeout()) < 0) {
            problems.add("total-timeout (" + options.totalTimeout().toSeconds() + " s) is shorter than "
                    + "connect-timeout (" + options.connectTimeout().toSeconds() + " s)");
            fixes.add("make plugins.fetchurl.total-timeout at least plugins.fetchurl.connect-timeout");
        }
        AllowList allowed = AllowList.parse(options.allowHosts());
        AddressPolicy policy = new AddressPolicy();
        for (ConnectToRule rule : options.connectTo()) {
            Optional<String> internal = internal(policy, rule.address());
            if (internal.isPresent() && !allowed.admits(rule.host(), rule.port())) {
                problems.add("connect-to sends " + rule.host() + ":" + rule.port() + " to " + rule.address() + ", "
                        + internal.get() + ", which the allow-list refuses");
                fixes.add("add " + rule.host() + " to plugins.fetchurl.allow-hosts, or remove that connect-to rule");
            }
        }
        if (!problems.isEmpty()) {
            return List.of(Check.fail(SETTINGS, String.join("; ", problems), String.join("; ", fixes)));
        }
        return List.of(Check.pass(SETTINGS, "public pages only" + (options.allowHosts().isEmpty() ? ""
                : ", plus " + options.allowHosts().size() + " allowed internal "
                + (options.allowHosts().size() == 1 ? "host" : "hosts")) + "; at most "
                + options.maxBytes() / (1024 * 1024) + " MB in " + options.totalTimeout().toSeconds() + " s"));
    }

    private static Optional<String> internal(AddressPolicy policy, String address) {
        try {
            // Literals only: getByName does not query DNS for them.
            if (address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                return policy.refusal(InetAddress.getByName(address));
            }
            if (address.contains(":")) {
                return policy.refusal(InetAddress.getByName("[" + address + "]"));
            }
            // A name is resolved at fetch time, and checked then; the doctor does not look names up.
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("not an address");
        }
    }
}
