package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import java.time.Instant;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The production cookie: {@code __Host-} prefix, Secure, HttpOnly, SameSite and Max-Age from config. */
@ExtendWith(DropwizardExtensionsSupport.class)
class CookieAttributesTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        ConfigOverride.config("sessions.cookie.name", "__Host-sid"),
        ConfigOverride.config("sessions.cookie.secure", "true"),
        ConfigOverride.config("sessions.cookie.sameSite", "strict"),
        ConfigOverride.config("sessions.cookie.maxAge", "1h"));

    @Test
    void loginSetsEveryConfiguredAttribute() {
        Reply login = new Http(APP.getLocalPort()).loginReply("ada", TestApp.ADA_PASSWORD);

        assertThat(login.setCookie("__Host-sid")).get().asString()
            .contains("Secure").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/")
            .contains("Max-Age=3600").doesNotContain("Domain");
    }

    /**
     * RFC 6265 as browsers, express-session and Spring write it: no RFC 2109 {@code Version=1},
     * {@code Expires} beside {@code Max-Age}, read from the raw header.
     */
    @Test
    void theSetCookieHeaderIsTheRfc6265OneWithoutAVersion() {
        Http http = new Http(APP.getLocalPort());
        Reply login = http.loginReply("ada", TestApp.ADA_PASSWORD);
        String expires = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC).format(CLOCK.instant().plusSeconds(3600));

        Reply logout = http.send("POST", "/auth/logout", null, null,
            "Cookie", "__Host-sid=" + login.cookie("__Host-sid").orElseThrow(),
            "X-CSRF-Token", login.header("X-CSRF-Token").orElseThrow());

        String deviceExpires = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC).format(CLOCK.instant().plus(Duration.ofDays(90)));
        assertThat(login.headers().allValues("Set-Cookie")).hasSize(2);
        assertThat(login.setCookie("__Host-sid")).get().asString()
            .matches("__Host-sid=s:[A-Za-z0-9_-]{43}\\.[A-Za-z0-9+/]{43}; Path=/; Max-Age=3600; Expires="
                + expires + "; Secure; HttpOnly; SameSite=Strict");
        assertThat(login.setCookie("__Host-sessionauth-device")).as("the browser's device cookie").get().asString()
            .matches("__Host-sessionauth-device=[A-Za-z0-9_-]{43}\\.[0-9a-z]+\\.[A-Za-z0-9_-]{43}; Path=/; Max-Age=7776000; Expires="
                + deviceExpires + "; Secure; HttpOnly; SameSite=Strict");
        assertThat(logout.headers().allValues("Set-Cookie")).containsExactly(
            "__Host-sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Strict");
    }

    @Test
    void theCookieIsReadUnderItsConfiguredName() {
        Http http = new Http(APP.getLocalPort());
        String value = http.loginReply("ada", TestApp.ADA_PASSWORD).cookie("__Host-sid").orElseThrow();

        assertThat(http.get("/auth/profile", "Cookie", "__Host-sid=" + value).status()).isEqualTo(200);
        assertThat(http.get("/auth/profile", "Cookie", "sid=" + value).status()).isEqualTo(401);
    }

    @Test
    void logoutExpiresTheCookieWithTheSameAttributes() {
        Http http = new Http(APP.getLocalPort());
        Reply login = http.loginReply("ada", TestApp.ADA_PASSWORD);

        Reply logout = http.send("POST", "/auth/logout", null, null,
            "Cookie", "__Host-sid=" + login.cookie("__Host-sid").orElseThrow(),
            "X-CSRF-Token", login.header("X-CSRF-Token").orElseThrow());

        assertThat(logout.setCookie("__Host-sid")).get().asString()
            .contains("Max-Age=0").contains("Secure").contains("Path=/");
    }
}
