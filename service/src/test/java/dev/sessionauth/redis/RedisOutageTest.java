package dev.sessionauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.store.redis.NearCacheEvents;
import dev.sessionauth.store.redis.RedisReconnection;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Redis outage closes the door and opens it again by itself: while Redis is away, requests are
 * answered 503 JSON (never 401, 500 or 200), without waiting for it to come back; once it is back,
 * the same sessions work again without restarting the service. Once without the near cache and
 * once with it: there, the node first has to know its connection is gone (at once for a closed
 * connection; its hits stop within 2.25 heartbeats for a silent one), and it never answers 200
 * from a copy whose invalidations it may have missed. Each run starts a Redis of its own; the
 * tests wait on the store's own events, not on time.
 */
@ParameterizedClass(name = "near cache: {0}")
@ValueSource(booleans = {false, true})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);
    private static final Duration PAUSE = Duration.ofSeconds(3);

    @Parameter
    boolean nearCache;

    private EmbeddedRedis redis;
    private DropwizardAppExtension<SessionAuthConfiguration> app;
    private Http http;
    private Login ada;

    @BeforeParameterizedClassInvocation
    void startNode() throws Throwable {
        redis = EmbeddedRedis.startDurable();
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
            ConfigOverride.config("sessions.store.type", "redis"),
            ConfigOverride.config("sessions.store.uri", redis.uri()),
            ConfigOverride.config("sessions.store.commandTimeout", COMMAND_TIMEOUT.toMillis() + "ms"),
            ConfigOverride.config("sessions.store.maxReconnectDelay", "200ms")));
        if (nearCache) {
            overrides.add(ConfigOverride.config("sessions.store.nearCache.heartbeat", "100ms"));
        }
        app = TestApp.extension(new MutableClock(Instant.now()), overrides.toArray(ConfigOverride[]::new));
        app.before();
    }

    @AfterParameterizedClassInvocation
    void stopNode() {
        try {
            app.after();
        } finally {
            redis.close();
        }
    }

    /** Signs ada in and asks twice, so that with the near cache her session is served from it. */
    @BeforeEach
    void logIn() {
        http = new Http(app.getLocalPort());
        ada = http.login("ada", TestApp.ADA_PASSWORD);
        assertThat(http.profile(ada).status()).isEqualTo(200);
        assertThat(http.profile(ada).status()).isEqualTo(200);
    }

    private SessionStore store() {
        return app.<SessionAuthApplication>getApplication().sessionStore();
    }

    @Test
    void aStoppedRedisIs503OnceTheNodeKnowsAndTheSameSessionWorksWhenItIsBack() throws Exception {
        CompletableFuture<String> flushed = nearCache ? NearCacheEvents.nextFlush(store())
            : CompletableFuture.completedFuture("no near cache");
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            Http client = new Http(app.getLocalPort());
            while (running.get()) {
                statuses.add(client.profile(ada).status());
            }
        }, "outage-load");
        CompletableFuture<Void> servingAgain;
        load.start();
        try {
            redis.stop();
            if (nearCache) {
                // Whichever the node hears first: the connection closing, or a heartbeat in flight failing with it.
                assertThat(flushed.get(10, TimeUnit.SECONDS)).isIn("DISCONNECTED", "HEARTBEAT_MISSED");
            }
            // Asked before Redis returns, so the event cannot pass unseen. With the near cache, not a
            // connection's reconnection: the node has several, and tracking and the rounds back mean the
            // store's is; without it, the store's own connection answering again.
            servingAgain = nearCache ? NearCacheEvents.nextTrusted(store()) : RedisReconnection.next(store());

            Reply profile = http.profile(ada);
            assertThat(profile.status()).isEqualTo(503);
            assertThat(profile.body()).isEqualTo("{\"code\":503,\"message\":\"Session store unavailable\"}");
            assertThat(http.loginReply("grace", "hopper-1906").status()).isEqualTo(503);
            Reply health = new Http(app.getAdminPort()).get("/healthcheck");
            assertThat(health.status()).isEqualTo(500);
            assertThat(health.body()).contains("\"session-store\":{\"healthy\":false");
        } finally {
            if (!redis.isActive()) {
                redis.restart();
            }
        }
        try {
            servingAgain.get(10, TimeUnit.SECONDS);
            assertThat(http.profile(ada).status()).as("the same session, once Redis is back").isEqualTo(200);
            assertThat(new Http(app.getAdminPort()).get("/healthcheck").status()).isEqualTo(200);
        } finally {
            running.set(false);
            load.join();
        }
        assertThat(statuses).as("what the requests during the outage were answered").containsOnly(200, 503)
            .contains(503);
    }

    @Test
    void aRedisThatStopsAnsweringTimesOutInto503AndServesAgainOnceItAnswers() throws Exception {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            CompletableFuture<String> flushed = nearCache ? NearCacheEvents.nextFlush(store())
                : CompletableFuture.completedFuture("no near cache");
            // Paused far longer than the command timeout: a request that waited for Redis instead of
            // timing out would be answered 200 once the pause ends, never 503.
            admin.sync().clientPause(PAUSE.toMillis());
            if (nearCache) {
                assertThat(flushed.get(10, TimeUnit.SECONDS)).isEqualTo("HEARTBEAT_MISSED");
            }
            long started = System.nanoTime();
            Reply reply = http.profile(ada);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(reply.status()).as("no copy is served while Redis is silent").isEqualTo(503);
            assertThat(took).as("it waited for the command timeout").isGreaterThanOrEqualTo(COMMAND_TIMEOUT);
            // The pausing client's own next command is held until the pause ends: wait on that.
            assertThat(admin.sync().ping()).isEqualTo("PONG");
            assertThat(http.profile(ada).status()).as("served again once the pause ends").isEqualTo(200);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
