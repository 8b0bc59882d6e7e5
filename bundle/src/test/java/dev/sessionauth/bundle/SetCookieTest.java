package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SetCookieTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:05:07Z");

    @Test
    void writesTheAttributesInTheOrderBrowsersAndExpressSessionUse() {
        SetCookie cookie = new SetCookie("sid", "s:abc.def", "/", null, Duration.ofHours(1), true,
            NewCookie.SameSite.LAX);

        assertThat(cookie.header(NOW)).isEqualTo(
            "sid=s:abc.def; Path=/; Max-Age=3600; Expires=Tue, 01 Dec 2026 10:05:07 GMT; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void aBrowserSessionCookieHasNeitherMaxAgeNorExpiresAndADomainWhenGiven() {
        SetCookie cookie = new SetCookie("sid", "v", "/app", "example.org", null, false, NewCookie.SameSite.STRICT);

        assertThat(cookie.header(NOW)).isEqualTo("sid=v; Path=/app; Domain=example.org; HttpOnly; SameSite=Strict");
    }

    @Test
    void anExpiredCookieIsEmptyWithMaxAgeZeroAndExpiresAtTheEpoch() {
        SetCookie cookie = new SetCookie("sid", "v", "/", null, Duration.ofDays(1), true, NewCookie.SameSite.NONE);

        assertThat(cookie.expired().header(NOW))
            .isEqualTo("sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=None")
            .doesNotContain("Version");
    }
}
