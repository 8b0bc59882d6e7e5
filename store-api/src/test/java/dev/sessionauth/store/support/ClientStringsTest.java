package dev.sessionauth.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientStringsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final ClientStrings strings = new ClientStrings();

    @Test
    void equalClientStringsOfDifferentSessionsBecomeOneCopy() {
        Session first = strings.share(session("Mozilla/5.0 (X11; Linux x86_64)", "203.0.113.7"));
        Session original = session("Mozilla/5.0 (X11; Linux x86_64)", "203.0.113.7");
        Session second = strings.share(original);

        assertThat(original.userAgent()).isNotSameAs(first.userAgent());
        assertThat(second.userAgent()).isSameAs(first.userAgent());
        assertThat(second.ipAddress()).isSameAs(first.ipAddress());
        assertThat(second).isEqualTo(original);
    }

    @Test
    void aSessionWhoseStringsAreAlreadySharedIsReturnedAsItIs() {
        Session shared = strings.share(session("curl/8.0", "198.51.100.1"));
        Session emptyShared = strings.share(session("", ""));

        assertThat(strings.share(shared)).isSameAs(shared);
        assertThat(strings.share(emptyShared)).isSameAs(emptyShared);
        assertThat(emptyShared.userAgent()).isEmpty();
    }

    @Test
    void differentStringsStayDifferent() {
        Session one = strings.share(session("agent one", "192.0.2.1"));
        Session two = strings.share(session("agent two", "192.0.2.2"));

        assertThat(one.userAgent()).isEqualTo("agent one");
        assertThat(two.userAgent()).isEqualTo("agent two");
        assertThat(two.ipAddress()).isEqualTo("192.0.2.2");
    }

    /** A session whose client strings are fresh copies, as they are when they come from a request. */
    private static Session session(String userAgent, String ipAddress) {
        return Session.create(SessionId.generate(), "1", NOW, NOW.plusSeconds(3600))
            .withClient(new String(userAgent.toCharArray()), new String(ipAddress.toCharArray()));
    }
}
