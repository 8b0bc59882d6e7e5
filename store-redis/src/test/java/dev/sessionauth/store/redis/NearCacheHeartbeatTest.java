package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that goes silent without closing (a partition) stops the near cache from serving:
 * the missed heartbeat empties it, requests then fail as Redis cannot be asked (503 in the
 * service) instead of being answered from copies whose invalidations may be held up, and once
 * the connection speaks again tracking is asked for anew. The silence is a proxy that stops
 * passing bytes.
 */
class NearCacheHeartbeatTest {

    private EmbeddedRedis server;
    private FreezableProxy proxy;
    private SessionStore store;
    private NearCache cache;
    private final MutableClock clock = new MutableClock(Instant.now());

    @BeforeEach
    void storeBehindAProxy() throws Exception {
        server = EmbeddedRedis.start();
        proxy = new FreezableProxy(server.port());
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri("redis://127.0.0.1:" + proxy.port());
        factory.setCommandTimeout(io.dropwizard.util.Duration.milliseconds(300));
        NearCacheFactory near = new NearCacheFactory();
        near.setHeartbeat(io.dropwizard.util.Duration.milliseconds(100));
        factory.setNearCache(near);
        store = factory.build(new MetricRegistry(), clock);
        cache = ((NearCachedSessionStore) store).cache();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        proxy.close();
        server.close();
    }

    @Test
    void aSilentConnectionStopsTheCacheUntilItAnswersAgain() throws Exception {
        Session session = store.save(Session.create(dev.sessionauth.store.SessionId.generate(), "1", clock.instant(),
            clock.instant().plusSeconds(3600)), Duration.ofMinutes(30));
        assertThat(((NearCachedSessionStore) store).redis().ping()).isEqualTo("PONG");
        assertThat(store.find(session.id())).contains(session);
        assertThat(store.find(session.id())).contains(session);
        assertThat(cache.hits()).isEqualTo(1);
        CompletableFuture<NearCache.Flush> flushed = new CompletableFuture<>();
        CompletableFuture<Void> trackingAgain = new CompletableFuture<>();
        cache.listen(new NearCache.Listener() {
            @Override
            public void flushed(NearCache.Flush cause) {
                flushed.complete(cause);
            }

            @Override
            public void tracked() {
                trackingAgain.complete(null);
            }
        });

        proxy.freeze();

        assertThat(flushed.get(10, TimeUnit.SECONDS)).isEqualTo(NearCache.Flush.HEARTBEAT_MISSED);
        assertThatThrownBy(() -> store.find(session.id())).as("no copy is served; Redis cannot be asked")
            .isInstanceOf(SessionStoreException.class);

        proxy.thaw();

        trackingAgain.get(10, TimeUnit.SECONDS);
        assertThat(store.find(session.id())).contains(session);
    }
}
