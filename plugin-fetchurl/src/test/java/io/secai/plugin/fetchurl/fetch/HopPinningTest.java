package io.secai.plugin.fetchurl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secai.api.ServiceException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** The per-hop address check on its own: no server, no HTTP client, only what the check decides and pins. */
class HopPinningTest {

    private static final InetAddress PUBLIC_V4 = address("93.184.216.34");
    private static final InetAddress PUBLIC_V6 = address("2606:4700::6810:85e5");

    private final AtomicInteger lookups = new AtomicInteger();

    /** Stands in for DNS and counts how often it is asked. */
    private final HostResolver resolver = host -> {
        lookups.incrementAndGet();
        Map<String, List<InetAddress>> answers = Map.of(
                "docs.example", List.of(PUBLIC_V4, PUBLIC_V6),
                "rebind.example", List.of(PUBLIC_V4, address("10.0.0.7")),
                "intranet.example", List.of(address("192.168.1.20")));
        List<InetAddress> answer = answers.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer;
    };

    private HopPinning pinning(List<String> allowHosts, List<ConnectToRule> connectTo) {
        return new HopPinning(resolver, new AddressPolicy(), AllowList.parse(allowHosts), connectTo);
    }

    private HopPinning pinning() {
        return pinning(List.of(), List.of());
    }

    private static HttpUrl url(String url) {
        return HttpUrl.get(url);
    }

    @Test
    void pinsTheHostToExactlyTheAddressesResolvedOnceAndNoOtherName() throws UnknownHostException {
        HopPinning.Hop hop = pinning().check(url("https://docs.example/guide"));
        assertThat(hop.dns().lookup("docs.example")).containsExactly(PUBLIC_V4, PUBLIC_V6);
        assertThat(hop.dns().lookup("DOCS.example")).containsExactly(PUBLIC_V4, PUBLIC_V6);
        assertThatThrownBy(() -> hop.dns().lookup("internal.example"))
                .isInstanceOf(AddressRefusedException.class)
                .hasMessageContaining("internal.example was not checked");
        // The client's later look-ups are answered from the pin, never by asking DNS again (no rebinding).
        assertThat(lookups).hasValue(1);
    }

    @Test
    void thePinnedSocketFactoryRefusesAnAddressThatWasNotChecked() throws Exception {
        HopPinning.Hop hop = pinning().check(url("https://docs.example/"));
        try (Socket socket = hop.socketFactory().createSocket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address("127.0.0.1"), 443), 1000))
                    .isInstanceOf(AddressRefusedException.class)
                    .hasMessageContaining("was not checked");
            assertThat(socket.isConnected()).isFalse();
        }
    }

    @Test
    void refusesANameWhenAnyOfItsAddressesIsNotPublic() {
        assertThatThrownBy(() -> pinning().check(url("http://rebind.example/")))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.REJECTED))
                .hasMessageContaining("refused http://rebind.example/: rebind.example resolves to 10.0.0.7, ");
    }

    @Test
    void refusesAnAddressLiteralSayingWhatItIs() {
        assertThatThrownBy(() -> pinning().check(url("http://169.254.169.254/latest/meta-data/")))
                .hasMessageContaining("169.254.169.254 is ")
                .hasMessageNotContaining("resolves to");
        assertThatThrownBy(() -> pinning().check(url("http://[::1]:8080/")))
                .hasMessageContaining("refused");
        assertThat(lookups).hasValue(0);
    }

    @Test
    void refusesLocalhostNamesWithoutAskingTheResolver() {
        for (String url : List.of("http://localhost/", "http://api.localhost/", "http://localhost.localdomain/",
                "http://LOCALHOST./")) {
            assertThatThrownBy(() -> pinning().check(url(url))).as(url)
                    .hasMessageContaining("always names this machine");
        }
        assertThat(lookups).hasValue(0);
    }

    @Test
    void refusesAnUnusualSpellingOfAnAddressEvenAPublicOne() {
        // 0x5d.184.216.34 is 93.184.216.34, a public address; odd spellings are how filters are slipped past.
        assertThatThrownBy(() -> pinning().check(url("http://0x5d.184.216.34/")))
                .hasMessageContaining("is an unusual spelling of the address 93.184.216.34")
                .hasMessageContaining("write the address in dotted form");
        assertThatThrownBy(() -> pinning().check(url("http://2130706433/")))
                .hasMessageContaining("unusual spelling of the address 127.0.0.1, ");
    }

    @Test
    void refusesUserInfoBeforeTheHostWithoutResolvingIt() {
        assertThatThrownBy(() -> pinning().check(url("http://docs.example@intranet.example/?token=1")))
                .hasMessageContaining("user name or password")
                .hasMessageContaining("intranet.example")
                .hasMessageNotContaining("token=1");
        assertThat(lookups).hasValue(0);
    }

    @Test
    void reachesAnInternalHostOnlyOnTheAllowListedPort() throws UnknownHostException {
        HopPinning allowing = pinning(List.of("intranet.example:8080"), List.of());
        assertThat(allowing.check(url("http://intranet.example:8080/wiki")).dns().lookup("intranet.example"))
                .containsExactly(address("192.168.1.20"));
        assertThatThrownBy(() -> allowing.check(url("http://intranet.example:8081/wiki")))
                .hasMessageContaining("resolves to 192.168.1.20");
    }

    @Test
    void aConnectToRuleIsCheckedLikeTheHostAndPinsTheNameToItsAddress() throws UnknownHostException {
        List<ConnectToRule> rules = List.of(ConnectToRule.parse("attack.mitre.org:443:127.0.0.1:8443"));
        assertThatThrownBy(() -> pinning(List.of(), rules).check(url("https://attack.mitre.org/")))
                .hasMessageContaining("attack.mitre.org resolves to 127.0.0.1, ")
                .hasMessageContaining("loopback");
        HopPinning.Hop hop = pinning(List.of("attack.mitre.org"), rules).check(url("https://attack.mitre.org/"));
        assertThat(hop.dns().lookup("attack.mitre.org")).containsExactly(address("127.0.0.1"));
        assertThat(lookups).hasValue(0);
    }

    @Test
    void aNameThatDoesNotResolveIsUnavailableNotRefused() {
        assertThatThrownBy(() -> pinning().check(url("https://nowhere.example/")))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.UNAVAILABLE))
                .hasMessageContaining("could not resolve nowhere.example");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
