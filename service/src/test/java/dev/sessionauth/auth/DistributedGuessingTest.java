package dev.sessionauth.auth;

import static dev.sessionauth.testing.Forms.FORM;
import static dev.sessionauth.testing.Forms.csrfField;
import static dev.sessionauth.testing.Forms.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A guesser with many addresses meets the per-account count over HTTP (six failures from browsers
 * the account never signed in from), while the owner's browser, known by the device cookie its
 * last sign-in left, keeps a budget of its own. Each test starts a day after the last, when every
 * count is forgotten, plays its clients from addresses through this machine as a trusted proxy,
 * and moves the clock instead of waiting.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DistributedGuessingTest {

    private static final String DEVICE = "sessionauth-device";
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        ConfigOverride.config("sessions.trustedProxies", "127.0.0.1,::1"),
        ConfigOverride.config("logins.failuresBeforeDelay", "3"),
        ConfigOverride.config("logins.clientFailuresBeforeDelay", "1000"),
        ConfigOverride.config("logins.accountFailuresBeforeDelay", "6"),
        ConfigOverride.config("logins.firstDelay", "10s"));

    private Http http;

    @BeforeEach
    void client() {
        CLOCK.advance(Duration.ofDays(1));
        http = new Http(APP.getLocalPort());
    }

    private Reply login(String client, String username, String password, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "X-Forwarded-For";
        headers[1] = client;
        System.arraycopy(more, 0, headers, 2, more.length);
        return http.loginReply(username, password, headers);
    }

    /** Six wrong passwords for {@code username}, each from an address of its own. */
    private void guessFromManyAddresses(String username, String network) {
        for (int i = 1; i <= 6; i++) {
            assertThat(login(network + i, username, "guess-" + i).status()).isEqualTo(401);
        }
    }

    @Test
    void theOwnersBrowserSignsInAtOnceWhileUnseenBrowsersWait() {
        String device = login("192.0.2.10", "grace", "hopper-1906").cookie(DEVICE).orElseThrow();

        guessFromManyAddresses("grace", "198.51.100.");

        Reply unseen = login("192.0.2.11", "grace", "hopper-1906");
        assertThat(unseen.status()).as("a browser grace never used, even with her password").isEqualTo(429);
        assertThat(unseen.header("Retry-After")).contains("10");
        Reply owner = login("203.0.113.99", "grace", "hopper-1906", "Cookie", DEVICE + "=" + device);
        assertThat(owner.status()).as("her own browser, from yet another address").isEqualTo(200);
        assertThat(owner.cookie(DEVICE)).as("a sign-in renews the device").isPresent().get().isNotEqualTo(device);
    }

    @Test
    void aKnownAndAnUnknownAccountAreSlowedAlike() {
        guessFromManyAddresses("ada", "198.51.101.");
        guessFromManyAddresses("no-such-account", "198.51.102.");

        Reply known = login("192.0.2.12", "ada", TestApp.ADA_PASSWORD);
        Reply unknown = login("192.0.2.13", "no-such-account", "anything");

        assertThat(known.status()).isEqualTo(429);
        assertThat(unknown.status()).isEqualTo(429);
        assertThat(unknown.header("Retry-After")).isEqualTo(known.header("Retry-After"));
        assertThat(unknown.body()).isEqualTo(known.body());
    }

    @Test
    void aDeviceCookieIsOnlyTheAccountsItWasIssuedFor() {
        String adasDevice = login("192.0.2.14", "ada", TestApp.ADA_PASSWORD).cookie(DEVICE).orElseThrow();
        guessFromManyAddresses("nobody-14", "198.51.103.");

        assertThat(login("192.0.2.15", "nobody-14", "guess", "Cookie", DEVICE + "=" + adasDevice).status())
            .as("ada's device is nobody-14's unseen browser").isEqualTo(429);
        String[] parts = adasDevice.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + "A".repeat(parts[2].length());
        guessFromManyAddresses("ada", "198.51.104.");
        assertThat(login("192.0.2.16", "ada", TestApp.ADA_PASSWORD, "Cookie", DEVICE + "=" + forged).status())
            .as("a forged signature").isEqualTo(429);
        assertThat(login("192.0.2.16", "ada", TestApp.ADA_PASSWORD, "Cookie", DEVICE + "=" + adasDevice).status())
            .isEqualTo(200);
    }

    @Test
    void aKnownDeviceIsItselfThrottledSoAStolenDeviceCookieBuysLittle() {
        String device = login("192.0.2.17", "grace", "hopper-1906").cookie(DEVICE).orElseThrow();
        for (int i = 0; i < 3; i++) {
            assertThat(login("198.51.105." + i, "grace", "guess-" + i, "Cookie", DEVICE + "=" + device).status())
                .isEqualTo(401);
        }

        assertThat(login("198.51.105.9", "grace", "hopper-1906", "Cookie", DEVICE + "=" + device).status())
            .as("the device's own three are spent, from whichever address").isEqualTo(429);
        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(login("192.0.2.17", "grace", "hopper-1906", "Cookie", DEVICE + "=" + device).status())
            .as("and the wait ends").isEqualTo(200);
    }

    @Test
    void aPasswordChangeEndsTheDevicesIssuedUnderTheOldPassword() {
        String phished = login("203.0.113.50", "grace", "hopper-1906").cookie(DEVICE).orElseThrow();
        Http.Login owner = Http.Login.from(login("192.0.2.21", "grace", "hopper-1906"));
        Reply change = changePassword(owner, null, "hopper-1906", "grace-changed-1906");
        assertThat(change.status()).isEqualTo(200);
        String ownersDevice = change.cookie(DEVICE).orElseThrow();
        try {
            guessFromManyAddresses("grace", "198.51.107.");

            assertThat(login("203.0.113.50", "grace", "guess", "Cookie", DEVICE + "=" + phished).status())
                .as("the device signed in with the old password is an unseen browser now").isEqualTo(429);
            Reply signedIn = login("192.0.2.21", "grace", "grace-changed-1906", "Cookie", DEVICE + "=" + ownersDevice);
            assertThat(signedIn.status()).as("the change left the owner's browser a device of the new password")
                .isEqualTo(200);
        } finally {
            Http.Login again = Http.Login.from(login("192.0.2.21", "grace", "grace-changed-1906",
                "Cookie", DEVICE + "=" + ownersDevice));
            assertThat(changePassword(again, ownersDevice, "grace-changed-1906", "hopper-1906").status())
                .isEqualTo(200);
        }
    }

    private Reply changePassword(Http.Login session, String device, String current, String next) {
        return http.send("POST", "/auth/password", "application/json",
            "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}",
            "Cookie", session.cookieHeader() + (device == null ? "" : "; " + DEVICE + "=" + device),
            "X-CSRF-Token", session.csrf(), "X-Forwarded-For", "192.0.2.21");
    }

    @Test
    void theDeviceCookieIsHttpOnlyStrictAndLastsNinetyDays() {
        Reply login = login("192.0.2.18", "ada", TestApp.ADA_PASSWORD);

        assertThat(login.setCookie(DEVICE)).get().asString()
            .contains("; Path=/", "; Max-Age=" + Duration.ofDays(90).toSeconds(), "; HttpOnly", "; SameSite=Strict")
            .doesNotContain("ada");
    }

    @Test
    void theSignInPageLeavesAndHonoursTheDeviceCookieToo() {
        Reply signedIn = signInPage("192.0.2.19", "grace", "hopper-1906", null);
        assertThat(signedIn.status()).isEqualTo(303);
        String device = signedIn.cookie(DEVICE).orElseThrow();
        guessFromManyAddresses("grace", "198.51.106.");

        assertThat(signInPage("192.0.2.20", "grace", "hopper-1906", null).status()).isEqualTo(429);
        assertThat(signInPage("192.0.2.20", "grace", "hopper-1906", device).status()).isEqualTo(303);
    }

    private Reply signInPage(String client, String username, String password, String device) {
        Reply page = http.get("/login", "Accept", "text/html");
        String cookies = "login-csrf=" + page.cookie("login-csrf").orElseThrow()
            + (device == null ? "" : "; " + DEVICE + "=" + device);
        return http.send("POST", "/login", FORM,
            encode("username", username, "password", password, "_csrf", csrfField(page.body())),
            "Cookie", cookies, "Accept", "text/html", "X-Forwarded-For", client);
    }
}
