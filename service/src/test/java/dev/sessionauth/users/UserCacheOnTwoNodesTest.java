package dev.sessionauth.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes on one user database and one Redis, each caching users for a minute: a password
 * changed through one node reaches the other's cached copy through Redis at once, so a session
 * signed in before the change that no "end other sessions" found (its index entry lost) is
 * refused there on its next request, not a minute later. Waits on the other node's drop itself.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UserCacheOnTwoNodesTest {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final String PREFIX = "user-cache-" + UUID.randomUUID() + ":";
    private static final String DATABASE = "jdbc:h2:mem:user-cache-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    private static final DropwizardAppExtension<SessionAuthConfiguration> A = node();
    private static final DropwizardAppExtension<SessionAuthConfiguration> B = node();

    private static DropwizardAppExtension<SessionAuthConfiguration> node() {
        return new DropwizardAppExtension<>(TestApp.support(CLOCK, "test-app.yml", DATABASE,
            ConfigOverride.config("sessions.store.type", "redis"),
            ConfigOverride.config("sessions.store.uri", REDIS.uri()),
            ConfigOverride.config("sessions.store.prefix", PREFIX),
            ConfigOverride.config("users.cacheMaxAge", "1m")));
    }

    @Test
    void aPasswordChangedOnOneNodeEndsAMissedSessionOnTheOtherAtOnce() throws Exception {
        Http a = new Http(A.getLocalPort());
        Http b = new Http(B.getLocalPort());
        Login onB = b.login("ada", TestApp.ADA_PASSWORD);
        assertThat(b.profile(onB).status()).isEqualTo(200);
        assertThat(b.profile(onB).status()).isEqualTo(200);
        UserCache cacheOnB = B.<SessionAuthApplication>getApplication().userCache();
        assertThat(cacheOnB.hits()).as("B serves ada from memory").isPositive();
        loseIndexEntryOf(onB);
        CompletableFuture<Long> dropped = new CompletableFuture<>();
        cacheOnB.onDropped(dropped::complete);
        CLOCK.advance(Duration.ofSeconds(1));

        Login onA = a.login("ada", TestApp.ADA_PASSWORD);
        assertThat(a.as(onA, "POST", "/auth/password",
            "{\"currentPassword\":\"" + TestApp.ADA_PASSWORD + "\",\"newPassword\":\"a-new-password-1\"}").status())
            .isEqualTo(200);
        assertThat(dropped.get(10, TimeUnit.SECONDS)).isEqualTo(1L);

        assertThat(b.profile(onB).status()).as("signed in before the change, and missed by it").isEqualTo(401);
    }

    /**
     * Removes ada's one session from her index in Redis (user 1, {@code {u:MQ}}), as a lost index
     * would; sessions are stored under a digest of their ID, which the index lists.
     */
    private static void loseIndexEntryOf(Login login) {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            var keys = connection.sync().zrange(PREFIX + "{u:MQ}", 0, -1);
            assertThat(keys).as("the one session of %s", login.cookieHeader().substring(0, 8)).hasSize(1);
            assertThat(connection.sync().zrem(PREFIX + "{u:MQ}", keys.get(0))).isEqualTo(1);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
