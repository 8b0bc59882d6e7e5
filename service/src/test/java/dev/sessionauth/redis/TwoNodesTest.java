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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two service nodes, each with its own user database copy and its own clock, share sessions
 * through one Redis: what one node does to a session, the other sees on the next request. Once
 * without the near cache, every request reading Redis, and once with it on both nodes, each
 * serving the sessions it has read from its own memory while what the other node does still
 * reaches it at once, through Redis's invalidations. Each run starts a Redis of its own.
 */
@ParameterizedClass(name = "near cache: {0}")
@ValueSource(booleans = {false, true})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesTest {

    @Parameter
    boolean nearCache;

    private EmbeddedRedis redis;
    private String prefix;
    private DropwizardAppExtension<SessionAuthConfiguration> nodeA;
    private DropwizardAppExtension<SessionAuthConfiguration> nodeB;
    private Http a;
    private Http b;

    @BeforeParameterizedClassInvocation
    void startTwoNodes() throws Throwable {
        redis = EmbeddedRedis.start();
        prefix = "two-nodes-" + UUID.randomUUID() + ":";
        nodeA = node();
        nodeA.before();
        nodeB = node();
        nodeB.before();
    }

    @AfterParameterizedClassInvocation
    void stopTwoNodes() {
        try {
            nodeB.after();
            nodeA.after();
        } finally {
            redis.close();
        }
    }

    /** A node on this run's Redis under its prefix, with the near cache when the run has it. */
    private DropwizardAppExtension<SessionAuthConfiguration> node() {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
            ConfigOverride.config("sessions.store.type", "redis"),
            ConfigOverride.config("sessions.store.uri", redis.uri()),
            ConfigOverride.config("sessions.store.prefix", prefix)));
        if (nearCache) {
            overrides.add(ConfigOverride.config("sessions.store.nearCache.maximumSize", "10000"));
        }
        return TestApp.extension(new MutableClock(Instant.now()), overrides.toArray(ConfigOverride[]::new));
    }

    /** Starts each test with no sessions of the demo users (ada is 1, grace 2 on both nodes). */
    @BeforeEach
    void clients() {
        a = new Http(nodeA.getLocalPort());
        b = new Http(nodeB.getLocalPort());
        nodeA.<SessionAuthApplication>getApplication().sessionStore().deleteByUser("1");
        nodeA.<SessionAuthApplication>getApplication().sessionStore().deleteByUser("2");
    }

    @Test
    void repeatRequestsAreServedFromTheNodesOwnMemoryOnlyWithTheNearCache() {
        Login ada = a.login("ada", TestApp.ADA_PASSWORD);
        a.profile(ada);
        long gets = redisGets();
        long hits = nearCache ? hits(nodeA) : 0;

        for (int i = 0; i < 5; i++) {
            assertThat(a.profile(ada).status()).isEqualTo(200);
        }

        if (nearCache) {
            assertThat(hits(nodeA) - hits).isGreaterThanOrEqualTo(4);
            assertThat(redisGets() - gets).as("GETs for five requests, near cache on").isLessThanOrEqualTo(1);
        } else {
            assertThat(redisGets() - gets).as("GETs for five requests, near cache off").isGreaterThanOrEqualTo(5);
        }
    }

    private static long hits(DropwizardAppExtension<SessionAuthConfiguration> node) {
        return (Long) node.getEnvironment().metrics().getGauges()
            .get("sessionauth.store.redis.near-cache.hits").getValue();
    }

    /** The GETs this run's Redis has answered, from {@code INFO commandstats}. */
    private long redisGets() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String stats = connection.sync().info("commandstats");
            int at = stats.indexOf("cmdstat_get:calls=");
            return at < 0 ? 0 : Long.parseLong(stats.substring(at + 18, stats.indexOf(',', at)));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
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
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            // Sessions are stored under a digest of their ID: ada's (user 1) is the one her index lists.
            List<String> keys = connection.sync().zrange(prefix + "{u:MQ}", 0, -1);
            assertThat(keys).hasSize(1);
            connection.sync().setrange(prefix + keys.get(0), 32, "\u00ffcorrupt");
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

        int revoked = nodeA.<SessionAuthApplication>getApplication().sessionStore().deleteByUser(Long.toString(adaId));

        assertThat(revoked).isEqualTo(2);
        assertThat(b.profile(first).status()).isEqualTo(401);
        assertThat(b.profile(second).status()).isEqualTo(401);
        assertThat(a.profile(grace).status()).as("another user's session is untouched").isEqualTo(200);
    }
}
