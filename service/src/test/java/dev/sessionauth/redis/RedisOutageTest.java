package dev.sessionauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Redis outage closes the door and opens it again by itself: while Redis is away, requests are
 * answered 503 JSON within the command timeout (never 401, 500 or 200); once it is back, the same
 * sessions work again without restarting the service.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisOutageTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(300);
    private static final Duration PAUSE = Duration.ofSeconds(3);
    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.startDurable();

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(
        new MutableClock(Instant.now()),
        ConfigOverride.config("sessions.store.type", "redis"),
        ConfigOverride.config("sessions.store.uri", REDIS.uri()),
        ConfigOverride.config("sessions.store.commandTimeout", COMMAND_TIMEOUT.toMillis() + "ms"),
        ConfigOverride.config("sessions.store.maxReconnectDelay", "200ms"));

    private Http http;
    private Login ada;

    @BeforeEach
    void logIn() {
        http = new Http(APP.getLocalPort());
        ada = http.login("ada", TestApp.ADA_PASSWORD);
    }

    @Test
    void requestsDuringAnOutageAre503AndTheServiceRecoversWithinTwoSeconds() throws Exception {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        List<Duration> latencies = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean restarted = new AtomicBoolean();
        CountDownLatch recovered = new CountDownLatch(1);
        Thread load = new Thread(() -> {
            Http client = new Http(APP.getLocalPort());
            while (running.get()) {
                boolean afterRestart = restarted.get();
                long started = System.nanoTime();
                int status = client.profile(ada).status();
                statuses.add(status);
                latencies.add(Duration.ofNanos(System.nanoTime() - started));
                if (afterRestart && status == 200) {
                    recovered.countDown();
                }
            }
        }, "outage-load");
        load.start();
        try {
            REDIS.stop();

            Reply profile = http.profile(ada);
            assertThat(profile.status()).isEqualTo(503);
            assertThat(profile.body()).isEqualTo("{\"code\":503,\"message\":\"Session store unavailable\"}");
            assertThat(http.loginReply("grace", "hopper-1906").status()).isEqualTo(503);
            Reply health = new Http(APP.getAdminPort()).get("/healthcheck");
            assertThat(health.status()).isEqualTo(500);
            assertThat(health.body()).contains("\"session-store\":{\"healthy\":false");

            REDIS.restart();
            restarted.set(true);

            assertThat(recovered.await(2, TimeUnit.SECONDS))
                .as("the same session works again within 2 s of Redis returning").isTrue();
            assertThat(http.profile(ada).status()).isEqualTo(200);
            assertThat(new Http(APP.getAdminPort()).get("/healthcheck").status()).isEqualTo(200);
        } finally {
            running.set(false);
            load.join();
            if (!REDIS.isActive()) {
                REDIS.restart();
            }
        }
        assertThat(statuses).containsOnly(200, 503).contains(503);
        assertThat(latencies.stream().max(Duration::compareTo).orElseThrow())
            .as("no request waits much past the command timeout").isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aRedisThatStopsAnsweringTimesOutInto503() throws Exception {
        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            // Paused far longer than the command timeout: a request that waited for Redis instead of
            // timing out would be answered 200 once the pause ends, never 503.
            admin.sync().clientPause(PAUSE.toMillis());
            long started = System.nanoTime();
            Reply reply = http.profile(ada);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(reply.status()).isEqualTo(503);
            assertThat(took).as("it waited for the command timeout").isGreaterThanOrEqualTo(COMMAND_TIMEOUT);
            // The pausing client's own next command is held until the pause ends: wait on that.
            assertThat(admin.sync().ping()).isEqualTo("PONG");
            assertThat(http.profile(ada).status()).as("served again once the pause ends").isEqualTo(200);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
