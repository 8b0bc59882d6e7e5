package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract on a three-node Cluster with the near cache on, and coherence across two stores
 * there: tracking is on the connection to every master, and a change through the other store
 * reaches this one's copies, whichever node holds them. Waits on the invalidations themselves.
 */
class ClusterNearCachedRedisSessionStoreTest extends ClusterRedisSessionStoreTest {

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = super.factory();
        factory.setNearCache(new NearCacheFactory());
        return factory;
    }

    @Test
    void changesThroughAnotherStoreReachThisStoresCopiesOnEveryNode() throws Exception {
        RedisSessionStoreFactory factory = factory();
        factory.setPrefix(prefix);
        NearCache cache = ((NearCachedSessionStore) store).cache();
        assertThat(cache.tracking()).isTrue();
        try (SessionStore other = factory.build(new MetricRegistry(), clock)) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                sessions.add(store.save(newSession("user-" + i), TTL));
            }
            for (int pass = 0; pass < 2; pass++) {
                // Two passes: a fill that raced this store's own invalidation of its save is dropped.
                for (Session session : sessions) {
                    assertThat(store.find(session.id())).contains(session);
                }
            }
            long hitsBefore = cache.hits();
            for (Session session : sessions) {
                assertThat(store.find(session.id())).contains(session);
            }
            assertThat(cache.hits() - hitsBefore).as("every copy served from this process").isEqualTo(12);
            Set<String> invalidated = ConcurrentHashMap.newKeySet();
            CompletableFuture<Void> all = new CompletableFuture<>();
            cache.listen(new NearCache.Listener() {
                @Override
                public void invalidated(String id) {
                    invalidated.add(id);
                    if (sessions.stream().allMatch(session -> invalidated.contains(session.id().value()))) {
                        all.complete(null);
                    }
                }
            });

            for (Session session : sessions) {
                assertThat(other.delete(session.id())).isTrue();
            }
            all.get(10, TimeUnit.SECONDS);

            for (Session session : sessions) {
                assertThat(store.find(session.id())).as("deleted through the other store").isEmpty();
            }
        }
    }

    @Test
    void losingTheConnectionToOneMasterEmptiesTheCacheUntilEveryMasterTracksAgain() throws Exception {
        Session session = store.save(newSession("1"), TTL);
        store.find(session.id());
        NearCache cache = ((NearCachedSessionStore) store).cache();
        CompletableFuture<Void> trackingAgain = new CompletableFuture<>();
        cache.listen(new NearCache.Listener() {
            @Override
            public void tracked() {
                trackingAgain.complete(null);
            }
        });

        io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create("redis://" + cluster().nodes().get(0));
        try (var connection = admin.connect()) {
            connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typeNormal().skipme());
        } finally {
            admin.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
        }
        trackingAgain.get(10, TimeUnit.SECONDS);

        assertThat(cache.flushes(NearCache.Flush.DISCONNECTED)).isGreaterThanOrEqualTo(1);
        assertThat(cache.tracking()).isTrue();
        assertThat(store.find(session.id())).contains(session);
    }
}
