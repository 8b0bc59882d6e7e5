package dev.sessionauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.store.redis.NearCacheEvents;
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
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Redis outage with the near cache on: once the node knows its connection is gone (at once for
 * a closed connection; its hits stop within 2.25 heartbeats for a silent one), its copies are dropped and
 * requests get 503 JSON like any other, never 200 from a copy whose invalidations it may have
 * missed; when Redis is back, the same sessions work again.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class NearCachedRedisOutageTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);
    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.startDurable();

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(
        new MutableClock(Instant.now()),
        ConfigOverride.config("sessions.store.type", "redis"),
        ConfigOverride.config("sessions.store.uri", REDIS.uri()),
        ConfigOverride.config("sessions.store.commandTimeout", COMMAND_TIMEOUT.toMillis() + "ms"),
        ConfigOverride.config("sessions.store.maxReconnectDelay", "200ms"),
        ConfigOverride.config("sessions.store.nearCache.heartbeat", "100ms"));

    private Http http;
    private Login ada;

    @BeforeEach
    void logIn() {
        http = new Http(APP.getLocalPort());
        ada = http.login("ada", TestApp.ADA_PASSWORD);
        assertThat(http.profile(ada).status()).isEqualTo(200);
        assertThat(http.profile(ada).status()).isEqualTo(200);
    }

    private static dev.sessionauth.store.SessionStore store() {
        return APP.<SessionAuthApplication>getApplication().sessionStore();
    }

    @Test
    void aStoppedRedisIs503OnceTheNodeKnowsAndTheSameSessionWorksWhenItIsBack() throws Exception {
        CompletableFuture<String> flushed = NearCacheEvents.nextFlush(store());
        CompletableFuture<Void> servingAgain;
        try {
            REDIS.stop();
            // Whichever the node hears first: the connection closing, or a heartbeat in flight failing with it.
            assertThat(flushed.get(10, TimeUnit.SECONDS)).isIn("DISCONNECTED", "HEARTBEAT_MISSED");
            // Not a connection's reconnection: the node has several (the store's, its subscriptions),
            // and any of them may come back first. Tracking and the rounds back mean the store's is.
            servingAgain = NearCacheEvents.nextTrusted(store());

            Reply profile = http.profile(ada);
            assertThat(profile.status()).isEqualTo(503);
            assertThat(profile.body()).isEqualTo("{\"code\":503,\"message\":\"Session store unavailable\"}");
        } finally {
            REDIS.restart();
        }
        servingAgain.get(10, TimeUnit.SECONDS);
        assertThat(http.profile(ada).status()).isEqualTo(200);
    }

    @Test
    void aRedisThatStopsAnsweringStopsTheCopiesWithinTwoHeartbeats() throws Exception {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            CompletableFuture<String> flushed = NearCacheEvents.nextFlush(store());
            admin.sync().clientPause(3_000);
            assertThat(flushed.get(10, TimeUnit.SECONDS)).isEqualTo("HEARTBEAT_MISSED");

            assertThat(http.profile(ada).status()).as("no copy is served while Redis is silent").isEqualTo(503);

            // The pausing client's own next command is held until the pause ends: wait on that.
            assertThat(admin.sync().ping()).isEqualTo("PONG");
            assertThat(http.profile(ada).status()).as("served again once the pause ends").isEqualTo(200);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
