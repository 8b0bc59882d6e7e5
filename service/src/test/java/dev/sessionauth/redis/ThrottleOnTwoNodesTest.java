package dev.sessionauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On Redis the guessing throttle counts where the sessions live, so two nodes share one budget: a
 * guesser who spreads their attempts over both nodes is held back as on one, and a browser known
 * to an account on one node is known on the other.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ThrottleOnTwoNodesTest {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final String PREFIX = "throttle-" + UUID.randomUUID() + ":";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    private static final DropwizardAppExtension<SessionAuthConfiguration> A = node();
    private static final DropwizardAppExtension<SessionAuthConfiguration> B = node();

    private static DropwizardAppExtension<SessionAuthConfiguration> node() {
        return TestApp.extension(CLOCK,
            ConfigOverride.config("sessions.store.type", "redis"),
            ConfigOverride.config("sessions.store.uri", REDIS.uri()),
            ConfigOverride.config("sessions.store.prefix", PREFIX),
            ConfigOverride.config("sessions.trustedProxies", "127.0.0.1,::1"),
            ConfigOverride.config("logins.failuresBeforeDelay", "4"),
            ConfigOverride.config("logins.clientFailuresBeforeDelay", "1000"),
            ConfigOverride.config("logins.accountFailuresBeforeDelay", "6"),
            ConfigOverride.config("logins.firstDelay", "30s"));
    }

    /** Each test starts a day after the last, when every count is forgotten. */
    @BeforeEach
    void nextDay() {
        CLOCK.advance(Duration.ofDays(1));
    }

    @Test
    void failuresSpreadOverBothNodesAreCountedTogether() {
        Http a = new Http(A.getLocalPort());
        Http b = new Http(B.getLocalPort());
        for (int i = 0; i < 2; i++) {
            assertThat(a.loginReply("ada", "guess-a-" + i, "X-Forwarded-For", "203.0.113.80").status()).isEqualTo(401);
            assertThat(b.loginReply("ada", "guess-b-" + i, "X-Forwarded-For", "203.0.113.80").status()).isEqualTo(401);
        }

        assertThat(a.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "203.0.113.80").status())
            .as("four failures in all, two per node").isEqualTo(429);
        assertThat(b.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "203.0.113.80").header("Retry-After"))
            .contains("30");
        assertThat(b.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "198.51.100.80").status())
            .as("the owner elsewhere").isEqualTo(200);
    }

    @Test
    void aSuccessOnOneNodeClearsTheCountForTheOther() {
        Http a = new Http(A.getLocalPort());
        Http b = new Http(B.getLocalPort());
        for (int i = 0; i < 3; i++) {
            a.loginReply("grace", "guess-" + i, "X-Forwarded-For", "203.0.113.81");
        }
        assertThat(b.loginReply("grace", "hopper-1906", "X-Forwarded-For", "203.0.113.81").status()).isEqualTo(200);

        for (int i = 0; i < 3; i++) {
            assertThat(a.loginReply("grace", "again-" + i, "X-Forwarded-For", "203.0.113.81").status()).isEqualTo(401);
        }
    }

    @Test
    void theAccountsCountAndItsKnownDevicesAreTheSameOnBothNodes() {
        Http a = new Http(A.getLocalPort());
        Http b = new Http(B.getLocalPort());
        String device = a.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "192.0.2.30")
            .cookie("sessionauth-device").orElseThrow();
        for (int i = 0; i < 6; i++) {
            Http node = i % 2 == 0 ? a : b;
            assertThat(node.loginReply("ada", "guess-" + i, "X-Forwarded-For", "198.51.100." + (100 + i)).status())
                .isEqualTo(401);
        }

        assertThat(b.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "192.0.2.31").status())
            .as("an unseen browser, six failures from six addresses over two nodes").isEqualTo(429);
        assertThat(b.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "192.0.2.31",
            "Cookie", "sessionauth-device=" + device).status()).as("the device A saw").isEqualTo(200);
    }
}
