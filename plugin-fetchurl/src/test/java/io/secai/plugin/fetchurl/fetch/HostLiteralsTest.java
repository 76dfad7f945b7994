package io.secai.plugin.fetchurl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostLiteralsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001", "0177.1", "127.0.1",
        "0x7F.0.0.0x1", "017700000001"})
    void readsEveryNumericSpellingOfLoopbackAsLoopback(String host) throws UnknownHostException {
        HostLiterals.NumericHost numeric = HostLiterals.parseIpv4(host).orElseThrow();
        assertThat(numeric.address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(numeric.canonical()).isFalse();
    }

    @Test
    void recognisesTheCanonicalDottedForm() throws UnknownHostException {
        assertThat(HostLiterals.parseIpv4("93.184.216.34").orElseThrow().canonical()).isTrue();
    }

    @Test
    void leavesHostNamesAlone() throws UnknownHostException {
        assertThat(HostLiterals.parseIpv4("attack.mitre.org")).isEmpty();
        assertThat(HostLiterals.parseIpv4("1password.com")).isEmpty();
    }

    @Test
    void rejectsNumericNamesThatAreNoAddress() {
        assertThatThrownBy(() -> HostLiterals.parseIpv4("1.2.3.4.5")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> HostLiterals.parseIpv4("256.1.1.1")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> HostLiterals.parseIpv4("foo.0x7f")).isInstanceOf(UnknownHostException.class);
    }
}
