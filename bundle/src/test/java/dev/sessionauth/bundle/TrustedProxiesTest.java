package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "192.0.2.1", "2001:db8::/32"));

    @Test
    void rangesAndSingleAddressesOfBothFamiliesAreTrusted() {
        assertThat(proxies.trusts("10.255.0.1")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("192.0.2.1")).isTrue();
        assertThat(proxies.trusts("192.0.2.2")).isFalse();
        assertThat(proxies.trusts("[2001:db8:0:0:0:0:0:9]")).as("as Jetty writes IPv6 peers").isTrue();
        assertThat(proxies.trusts("2001:db9::1")).isFalse();
        assertThat(proxies.trusts("not-an-address")).isFalse();
        assertThat(new TrustedProxies(List.of("10.1.2.3/20")).trusts("10.1.15.255")).isTrue();
        assertThat(new TrustedProxies(List.of("10.1.2.3/20")).trusts("10.1.16.0")).isFalse();
    }

    @Test
    void theClientIsTheRightMostAddressThatIsNotATrustedProxy() {
        assertThat(proxies.client("10.0.0.5", List.of("203.0.113.9, 198.51.100.7, 10.1.1.1"))).isEqualTo("198.51.100.7");
        assertThat(proxies.client("10.0.0.5", List.of("203.0.113.9", "10.1.1.1"))).as("across repeated headers")
            .isEqualTo("203.0.113.9");
        assertThat(proxies.client("10.0.0.5", List.of("10.1.1.1"))).as("every hop trusted").isEqualTo("10.1.1.1");
        assertThat(proxies.client("10.0.0.5", null)).isEqualTo("10.0.0.5");
    }

    @Test
    void aHopWithAPortIsItsAddress() {
        assertThat(proxies.client("10.0.0.5", List.of("203.0.113.9:51234, 10.1.1.1:443"))).isEqualTo("203.0.113.9");
        assertThat(proxies.client("10.0.0.5", List.of("[2001:db9::7]:51234"))).isEqualTo("2001:db9::7");
        assertThat(proxies.client("10.0.0.5", List.of("2001:db9::7"))).as("an IPv6 address has no port")
            .isEqualTo("2001:db9::7");
    }

    @Test
    void aHopThatIsNoAddressIsPassedOverNotTakenForTheEnd() {
        assertThat(proxies.client("10.0.0.5", List.of("203.0.113.9, unknown, 10.1.1.1"))).isEqualTo("203.0.113.9");
        assertThat(proxies.client("10.0.0.5", List.of("unknown"))).as("nothing better than the peer")
            .isEqualTo("10.0.0.5");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertThat(proxies.client("203.0.113.50", List.of("10.0.0.1"))).isEqualTo("203.0.113.50");
    }

    @Test
    void anythingButAnAddressAndARangeIsRefused() {
        assertThat(TrustedProxies.isValid("10.0.0.0/8")).isTrue();
        assertThat(TrustedProxies.isValid("::1")).isTrue();
        for (String bad : List.of("10.0.0.0/33", "::/129", "10.0.0.0/x", "localhost", "10.0.0", "")) {
            assertThat(TrustedProxies.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.internal");
    }
}
