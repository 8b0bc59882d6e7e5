package dev.sessionauth.auth;

import static dev.sessionauth.testing.Forms.FORM;
import static dev.sessionauth.testing.Forms.csrfField;
import static dev.sessionauth.testing.Forms.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guessing is slowed over HTTP, never locked out: three failures of one account from one address,
 * or six from one address whatever the accounts, and that key's next attempts answer 429 with
 * {@code Retry-After}, 10 seconds doubling per further failure. Each test plays its clients from
 * addresses of its own, through this machine as a trusted proxy, on a clock it moves. Hashing may
 * wait up to 10 seconds for a slot, not the default second: these tests are about the throttle, and
 * a burst of fifty sign-ins on a busy two-core machine must not meet the hashing bound instead.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ThrottledGuessingTest {

    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        ConfigOverride.config("sessions.trustedProxies", "127.0.0.1,::1"),
        ConfigOverride.config("logins.failuresBeforeDelay", "3"),
        ConfigOverride.config("logins.clientFailuresBeforeDelay", "6"),
        ConfigOverride.config("logins.firstDelay", "10s"),
        ConfigOverride.config("logins.hashWait", "10s"));

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(APP.getLocalPort());
    }

    private Reply login(String client, String username, String password) {
        return http.loginReply(username, password, "X-Forwarded-For", client);
    }

    @Test
    void aKnownAndAnUnknownAccountAreHeldBackAlike() {
        for (int i = 0; i < 3; i++) {
            assertThat(login("203.0.113.1", "ada", "wrong-" + i).status()).isEqualTo(401);
            assertThat(login("203.0.113.2", "nobody-at-all", "wrong-" + i).status()).isEqualTo(401);
        }

        Reply known = login("203.0.113.1", "ada", TestApp.ADA_PASSWORD);
        Reply unknown = login("203.0.113.2", "nobody-at-all", "anything");

        assertThat(known.status()).as("even the right password waits").isEqualTo(429);
        assertThat(known.header("Retry-After")).contains("10");
        assertThat(known.body()).isEqualTo("{\"code\":429,\"message\":\"Too many failed attempts; try again in 10 seconds\"}");
        assertThat(unknown.status()).isEqualTo(429);
        assertThat(unknown.header("Retry-After")).isEqualTo(known.header("Retry-After"));
        assertThat(unknown.body()).isEqualTo(known.body());
    }

    @Test
    void theWaitDoublesWithEachFurtherFailureAndASuccessClearsIt() {
        for (int i = 0; i < 3; i++) {
            login("203.0.113.3", "ada", "wrong-" + i);
        }
        assertThat(login("203.0.113.3", "ada", "wrong").header("Retry-After")).contains("10");

        CLOCK.advance(Duration.ofSeconds(10));
        assertThat(login("203.0.113.3", "ada", "wrong-again").status()).isEqualTo(401);
        assertThat(login("203.0.113.3", "ada", TestApp.ADA_PASSWORD).header("Retry-After")).contains("20");

        CLOCK.advance(Duration.ofSeconds(20));
        assertThat(login("203.0.113.3", "ada", TestApp.ADA_PASSWORD).status()).isEqualTo(200);
        assertThat(login("203.0.113.3", "ada", "wrong-1").status()).as("the account's count starts again")
            .isEqualTo(401);
        assertThat(login("203.0.113.3", "ada", TestApp.ADA_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void theOwnerIsNotSlowedByAnAttackersFailuresFromAnotherAddress() {
        for (int i = 0; i < 10; i++) {
            login("198.51.100.66", "grace", "guess-" + i);
        }
        assertThat(login("198.51.100.66", "grace", "hopper-1906").status()).isEqualTo(429);

        assertThat(login("192.0.2.20", "grace", "hopper-1906").status()).isEqualTo(200);
    }

    @Test
    void oneAddressGuessingManyAccountsIsHeldBackForEveryAccount() {
        for (int i = 0; i < 6; i++) {
            assertThat(login("203.0.113.4", "sprayed-" + i, "Winter2026!").status()).isEqualTo(401);
        }

        assertThat(login("203.0.113.4", "sprayed-new", "Winter2026!").status()).isEqualTo(429);
        assertThat(login("203.0.113.5", "sprayed-new", "Winter2026!").status()).isEqualTo(401);
    }

    @Test
    void aGuesserRotatingThroughItsIpv6Slash64IsOneClient() {
        for (int i = 1; i <= 3; i++) {
            assertThat(login("2001:db8:64:1::" + i, "ada", "wrong-" + i).status()).isEqualTo(401);
        }

        assertThat(login("2001:db8:64:1:dead:beef:0:1", "ada", "wrong").status())
            .as("a fresh address of the same /64 is the same client").isEqualTo(429);
        assertThat(login("2001:db8:64:2::1", "ada", TestApp.ADA_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aForwardedAddressWithAPortIsTheClientNotTheProxy() {
        for (int i = 0; i < 3; i++) {
            assertThat(login("203.0.113.10:" + (40000 + i), "ada", "wrong-" + i).status()).isEqualTo(401);
        }

        assertThat(login("203.0.113.10:50000", "ada", "wrong").status()).isEqualTo(429);
        assertThat(login("203.0.113.11:40000", "ada", TestApp.ADA_PASSWORD).status())
            .as("another client behind the same proxy is not held back").isEqualTo(200);
    }

    @Test
    void aBurstOfConcurrentGuessesGetsNoMoreThanTheThreshold() {
        List<Integer> statuses = burst(20, i -> login("203.0.113.8", "ada", "burst-" + i)).stream()
            .map(Reply::status).toList();

        assertThat(statuses).as("each attempt is counted before its hash, so the burst cannot all slip past")
            .filteredOn(status -> status == 401).hasSize(3);
        assertThat(statuses).filteredOn(status -> status == 429).hasSize(17);
    }

    @Test
    void fiftyConcurrentCorrectSignInsFromOneAddressAllSucceed() {
        List<Reply> replies = burst(50, i -> login("203.0.113.12", "grace", "hopper-1906"));

        assertThat(replies).as("none failed, so none is refused as a failure: each waits for the verdicts ahead")
            .allSatisfy(reply -> assertThat(reply.status()).as(reply.body()).isEqualTo(200));
    }

    /** {@code size} sign-ins sent at once, each from a thread of its own; their replies in order. */
    private static List<Reply> burst(int size, java.util.function.IntFunction<Reply> signIn) {
        ExecutorService clients = Executors.newFixedThreadPool(size);
        try {
            List<CompletableFuture<Reply>> burst = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < size; i++) {
                int attempt = i;
                burst.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return signIn.apply(attempt);
                }, clients));
            }
            start.countDown();
            return burst.stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theSignInPageSaysHowLongToWait() {
        Reply last = null;
        for (int i = 0; i < 4; i++) {
            Reply page = http.get("/login", "Accept", "text/html");
            last = http.send("POST", "/login", FORM,
                encode("username", "ada", "password", "wrong-" + i, "_csrf", csrfField(page.body())),
                "Cookie", "login-csrf=" + page.cookie("login-csrf").orElseThrow(), "Accept", "text/html",
                "X-Forwarded-For", "203.0.113.6");
        }

        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).contains("10");
        assertThat(last.body()).contains("Too many failed sign-ins. Please wait 10 seconds before trying again.");
    }

    @Test
    void aStolenCookieCannotGuessThePasswordAtFullSpeed() {
        Login ada = Login.from(login("203.0.113.7", "ada", TestApp.ADA_PASSWORD));
        for (int i = 0; i < 3; i++) {
            Reply wrong = http.send("POST", "/auth/reauthenticate", "application/json", "{\"password\":\"guess-" + i + "\"}",
                "Cookie", ada.cookieHeader(), "X-CSRF-Token", ada.csrf(), "X-Forwarded-For", "203.0.113.7");
            assertThat(wrong.status()).isEqualTo(401);
        }

        Reply reauth = http.send("POST", "/auth/reauthenticate", "application/json",
            "{\"password\":\"" + TestApp.ADA_PASSWORD + "\"}",
            "Cookie", ada.cookieHeader(), "X-CSRF-Token", ada.csrf(), "X-Forwarded-For", "203.0.113.7");
        Reply change = http.send("POST", "/auth/password", "application/json",
            "{\"currentPassword\":\"guess\",\"newPassword\":\"taken-over-1\"}",
            "Cookie", ada.cookieHeader(), "X-CSRF-Token", ada.csrf(), "X-Forwarded-For", "203.0.113.7");

        assertThat(reauth.status()).isEqualTo(429);
        assertThat(change.status()).isEqualTo(429);
        assertThat(change.header("Retry-After")).isPresent();
    }
}
