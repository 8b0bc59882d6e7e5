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
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two service nodes, each with its own user database copy and its own clock, share sessions
 * through one Redis: what one node does to a session, the other sees on the next request.
 * Subclasses start the two nodes on a Redis of their own, with or without the near cache.
 */
abstract class TwoNodesContract {

    private Http a;
    private Http b;

    /** The Redis both nodes use. */
    protected abstract EmbeddedRedis redis();

    /** The key prefix both nodes use. */
    protected abstract String prefix();

    protected abstract DropwizardAppExtension<SessionAuthConfiguration> nodeA();

    protected abstract DropwizardAppExtension<SessionAuthConfiguration> nodeB();

    /** A node on {@code redis} under {@code prefix}, with {@code more} settings. */
    static DropwizardAppExtension<SessionAuthConfiguration> node(EmbeddedRedis redis, String prefix,
                                                                 ConfigOverride... more) {
        ConfigOverride[] overrides = new ConfigOverride[more.length + 3];
        overrides[0] = ConfigOverride.config("sessions.store.type", "redis");
        overrides[1] = ConfigOverride.config("sessions.store.uri", redis.uri());
        overrides[2] = ConfigOverride.config("sessions.store.prefix", prefix);
        System.arraycopy(more, 0, overrides, 3, more.length);
        return TestApp.extension(new MutableClock(java.time.Instant.now()), overrides);
    }

    /** Starts each test with no sessions of the demo users (ada is 1, grace 2 on both nodes). */
    @BeforeEach
    void clients() {
        a = new Http(nodeA().getLocalPort());
        b = new Http(nodeB().getLocalPort());
        nodeA().<SessionAuthApplication>getApplication().sessionStore().deleteByUser("1");
        nodeA().<SessionAuthApplication>getApplication().sessionStore().deleteByUser("2");
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
        RedisClient client = RedisClient.create(redis().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            // Sessions are stored under a digest of their ID: ada's (user 1) is the one her index lists.
            List<String> keys = connection.sync().zrange(prefix() + "{u:MQ}", 0, -1);
            assertThat(keys).hasSize(1);
            connection.sync().setrange(prefix() + keys.get(0), 32, "\u00ffcorrupt");
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

        int revoked = nodeA().<SessionAuthApplication>getApplication().sessionStore().deleteByUser(Long.toString(adaId));

        assertThat(revoked).isEqualTo(2);
        assertThat(b.profile(first).status()).isEqualTo(401);
        assertThat(b.profile(second).status()).isEqualTo(401);
        assertThat(a.profile(grace).status()).as("another user's session is untouched").isEqualTo(200);
    }
}
