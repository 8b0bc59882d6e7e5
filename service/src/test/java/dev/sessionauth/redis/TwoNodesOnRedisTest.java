package dev.sessionauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two service nodes, each with its own user database copy and its own clock, share sessions
 * through one Redis: what one node does to a session, the other sees on the next request.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoNodesOnRedisTest {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final String PREFIX = "two-nodes-" + UUID.randomUUID() + ":";

    private static final DropwizardAppExtension<SessionAuthConfiguration> A = node();
    private static final DropwizardAppExtension<SessionAuthConfiguration> B = node();

    private Http a;
    private Http b;

    private static DropwizardAppExtension<SessionAuthConfiguration> node() {
        return TestApp.extension(new MutableClock(java.time.Instant.now()),
            ConfigOverride.config("sessions.store.type", "redis"),
            ConfigOverride.config("sessions.store.uri", REDIS.uri()),
            ConfigOverride.config("sessions.store.prefix", PREFIX));
    }

    /** Starts each test with no sessions of the demo users (ada is 1, grace 2 on both nodes). */
    @BeforeEach
    void clients() {
        a = new Http(A.getLocalPort());
        b = new Http(B.getLocalPort());
        A.<SessionAuthApplication>getApplication().sessionStore().deleteByUser("1");
        A.<SessionAuthApplication>getApplication().sessionStore().deleteByUser("2");
    }

    @Test
    void aSessionCreatedOnOneNodeWorksOnTheOther() {
        Login ada = a.login("ada", TestApp.ADA_PASSWORD);

        assertThat(b.profile(ada).status()).isEqualTo(200);
        assertThat(b.profile(ada).body()).contains("\"username\":\"ada\"");
    }

    @Test
    void aLogoutOnOneNodeIsRefusedOnTheOtherAtOnce() {
        Login ada = a.login("ada", TestApp.ADA_PASSWORD);
        assertThat(a.profile(ada).status()).isEqualTo(200);

        assertThat(b.logout(ada).status()).isEqualTo(200);

        assertThat(a.profile(ada).status()).isEqualTo(401);
        assertThat(b.profile(ada).status()).isEqualTo(401);
    }

    @Test
    void aCorruptStoredSessionIsRefusedWith401NeverA500() {
        Login ada = a.login("ada", TestApp.ADA_PASSWORD);
        String key = PREFIX + ada.cookie().substring(2, ada.cookie().indexOf('.'));
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().setrange(key, 32, "\u00ffcorrupt");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }

        Reply reply = b.profile(ada);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"code\":401,\"message\":\"Not authenticated\"}");
    }

    @Test
    void revokingEverySessionOfAUserOnOneNodeIsSeenByTheOther() {
        Login first = a.login("ada", TestApp.ADA_PASSWORD);
        Login second = b.login("ada", TestApp.ADA_PASSWORD);
        Login grace = b.login("grace", "hopper-1906");
        long adaId = Long.parseLong(a.profile(first).body().replaceAll(".*\"id\":(\\d+).*", "$1"));

        int revoked = A.<SessionAuthApplication>getApplication().sessionStore().deleteByUser(Long.toString(adaId));

        assertThat(revoked).isEqualTo(2);
        assertThat(b.profile(first).status()).isEqualTo(401);
        assertThat(b.profile(second).status()).isEqualTo(401);
        assertThat(a.profile(grace).status()).as("another user's session is untouched").isEqualTo(200);
    }
}
