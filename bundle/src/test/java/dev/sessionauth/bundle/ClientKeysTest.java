package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientKeysTest {

    @Test
    void anIpv6ClientIsItsSlash64() {
        assertThat(ClientKeys.of("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientKeys.of("2001:db8:1:2::1")).isEqualTo(ClientKeys.of("2001:db8:1:2:ffff::9"));
        assertThat(ClientKeys.of("[2001:db8:1:2::1]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientKeys.of("2001:db8:1:3::1")).as("the next /64 is another client")
            .isNotEqualTo(ClientKeys.of("2001:db8:1:2::1"));
    }

    @Test
    void anIpv4ClientIsItsAddressHoweverWritten() {
        assertThat(ClientKeys.of("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientKeys.of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientKeys.of("192.0.2.8")).isNotEqualTo("192.0.2.7");
    }

    @Test
    void textThatIsNoAddressCountsAsItself() {
        assertThat(ClientKeys.of("unknown")).isEqualTo("unknown");
    }
}
