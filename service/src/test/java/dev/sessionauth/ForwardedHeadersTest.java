package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code X-Forwarded-*} count from trusted proxies only. The test's requests come from this
 * machine: {@code PROXIED} trusts it as a proxy, {@code DIRECT} (the test configuration, no
 * trusted proxies) takes every request as it came.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForwardedHeadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final DropwizardAppExtension<SessionAuthConfiguration> PROXIED = TestApp.extension(
        new MutableClock(), ConfigOverride.config("sessions.trustedProxies", "127.0.0.0/8,::1"));
    private static final DropwizardAppExtension<SessionAuthConfiguration> DIRECT = TestApp.extension(new MutableClock());

    private static String recordedAddress(DropwizardAppExtension<SessionAuthConfiguration> app, String... forwarded)
        throws Exception {
        Http http = new Http(app.getLocalPort());
        Login login = http.login("ada", TestApp.ADA_PASSWORD, forwarded);
        JsonNode sessions = JSON.readTree(http.as(login, "GET", "/auth/sessions", null).body()).get("sessions");
        for (JsonNode session : sessions) {
            if (session.get("current").asBoolean()) {
                return session.get("ipAddress").asText();
            }
        }
        throw new AssertionError("no current session in " + sessions);
    }

    @Test
    void behindATrustedProxyTheSessionRecordsTheAddressTheProxySawNotWhatTheClientWrote() throws Exception {
        assertThat(recordedAddress(PROXIED, "X-Forwarded-For", "203.0.113.9, 10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(recordedAddress(PROXIED, "X-Forwarded-For", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(recordedAddress(PROXIED, "X-Forwarded-For", "198.51.100.4, 127.0.0.1"))
            .as("a chain of trusted proxies is skipped").isEqualTo("198.51.100.4");
        assertThat(recordedAddress(PROXIED, "X-Forwarded-For", "[2001:db8::7]:4711")).isEqualTo("2001:db8::7");
    }

    @Test
    void aForwardedHopThatIsNotAnAddressIsPassedOverAndAPortDropped() throws Exception {
        assertThat(recordedAddress(PROXIED, "X-Forwarded-For", "203.0.113.9, not-an-address"))
            .as("one odd hop must not make every client the proxy").isEqualTo("203.0.113.9");
        assertThat(recordedAddress(PROXIED, "X-Forwarded-For", "203.0.113.10:51234")).isEqualTo("203.0.113.10");
    }

    @Test
    void fromAnyoneElseForwardedHeadersAreIgnored() throws Exception {
        assertThat(recordedAddress(DIRECT, "X-Forwarded-For", "203.0.113.9"))
            .isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1]");
    }

    @Test
    void theOriginCheckComparesTheSchemeTooAsTheClientAddressedTheService() {
        Http http = new Http(DIRECT.getLocalPort());
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        String here = "localhost:" + DIRECT.getLocalPort();

        assertThat(logout(http, ada, "https://" + here)).as("https against this http service").isEqualTo(403);
        assertThat(logout(http, ada, "https://" + here, "X-Forwarded-Proto", "https"))
            .as("a client's own X-Forwarded-Proto changes nothing").isEqualTo(403);
        assertThat(logout(http, ada, "http://" + here)).isEqualTo(200);
    }

    @Test
    void behindATrustedTlsProxyTheOriginIsHttps() {
        Http http = new Http(PROXIED.getLocalPort());
        String here = "localhost:" + PROXIED.getLocalPort();

        assertThat(logout(http, http.login("ada", TestApp.ADA_PASSWORD), "http://" + here, "X-Forwarded-Proto", "https"))
            .as("plain http against the https the proxy serves").isEqualTo(403);
        assertThat(logout(http, http.login("ada", TestApp.ADA_PASSWORD), "https://app.example.org",
            "X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example.org")).isEqualTo(200);
        assertThat(logout(http, http.login("ada", TestApp.ADA_PASSWORD), "https://" + here,
            "X-Forwarded-Proto", "https")).isEqualTo(200);
    }

    private static int logout(Http http, Login login, String origin, String... headers) {
        String[] all = new String[headers.length + 6];
        all[0] = "Cookie";
        all[1] = login.cookieHeader();
        all[2] = "X-CSRF-Token";
        all[3] = login.csrf();
        all[4] = "Origin";
        all[5] = origin;
        System.arraycopy(headers, 0, all, 6, headers.length);
        return http.send("POST", "/auth/logout", null, null, all).status();
    }
}
