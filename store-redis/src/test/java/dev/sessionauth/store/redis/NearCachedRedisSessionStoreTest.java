package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionStore;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract with the near cache on, on a standalone Redis this class starts, and what only the
 * near cache promises: a hit costs no Redis command, a change made through another node's store
 * reaches this node's copy, and a flush or a lost connection leaves no copy behind. "Reaches" is
 * waited for with a PING on the reading node's own connection: its answer comes after every
 * invalidation Redis sent that connection before it, so no test waits on time.
 */
class NearCachedRedisSessionStoreTest extends RedisStoreContract {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private SessionStore other;

    @BeforeEach
    void startAnotherNode() {
        RedisSessionStoreFactory factory = factory();
        factory.setPrefix(prefix);
        other = factory.build(new MetricRegistry(), clock);
    }

    @AfterEach
    void closeTheOtherNode() {
        other.close();
    }

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri(REDIS.uri());
        factory.setCommandTimeout(io.dropwizard.util.Duration.milliseconds(500));
        NearCacheFactory near = new NearCacheFactory();
        // Heartbeats far apart, so that counting commands sees only the store's own.
        near.setHeartbeat(io.dropwizard.util.Duration.minutes(1));
        factory.setNearCache(near);
        return factory;
    }

    private NearCachedSessionStore near() {
        return (NearCachedSessionStore) store;
    }

    /** Returns once every invalidation Redis sent {@code node} so far has been applied. */
    private static void caughtUp(SessionStore node) {
        assertThat(((NearCachedSessionStore) node).redis().ping()).isEqualTo("PONG");
    }

    private RedisCommands<String, String> redis() {
        return REDIS.admin().sync();
    }

    @Test
    void aHitSendsNoRedisCommand() {
        Session session = store.save(newSession("1"), TTL);
        // Redis invalidates a key for the connection that wrote it too, just after the reply: a
        // fill racing that invalidation is dropped, so let it arrive first.
        caughtUp(store);
        assertThat(store.find(session.id())).contains(session);
        Map<String, Long> before = commandCalls();

        for (int i = 0; i < 100; i++) {
            assertThat(store.find(session.id())).contains(session);
        }

        assertThat(delta(before, commandCalls())).isEmpty();
        assertThat(near().cache().hits()).isEqualTo(100);
    }

    @Test
    void aDeleteOnAnotherNodeReachesThisNodesCopy() {
        Session session = store.save(newSession("1"), TTL);
        assertThat(store.find(session.id())).contains(session);
        long invalidations = near().cache().invalidations();

        assertThat(other.delete(session.id())).isTrue();
        caughtUp(store);

        assertThat(store.find(session.id())).isEmpty();
        assertThat(near().cache().invalidations()).isEqualTo(invalidations + 1);
    }

    @Test
    void aTouchAndASaveOnAnotherNodeReachThisNodesCopy() {
        Session session = store.save(newSession("1"), TTL);
        assertThat(store.find(session.id())).contains(session);

        assertThat(other.touch(session.id(), clock.instant().plusSeconds(5), TTL)).isTrue();
        caughtUp(store);
        assertThat(store.find(session.id())).get().extracting(Session::lastSeenAt)
            .isEqualTo(clock.instant().plusSeconds(5));

        Session changed = other.save(store.find(session.id()).orElseThrow().withAttribute("role", "admin"), TTL);
        caughtUp(store);
        assertThat(store.find(session.id())).contains(changed);
    }

    @Test
    void endingAUsersSessionsOnAnotherNodeReachesEveryCopy() {
        Session first = store.save(newSession("7"), TTL);
        Session second = store.save(newSession("7"), TTL);
        store.find(first.id());
        store.find(second.id());

        assertThat(other.deleteByUser("7")).isEqualTo(2);
        caughtUp(store);

        assertThat(store.find(first.id())).isEmpty();
        assertThat(store.find(second.id())).isEmpty();
    }

    @Test
    void thisNodesOwnWriteIsSeenAtOnceWithoutWaitingForRedis() {
        Session session = store.save(newSession("1"), TTL);
        store.find(session.id());

        store.delete(session.id());

        assertThat(store.find(session.id())).isEmpty();
    }

    @Test
    void anAbsentSessionIsCachedUntilItIsWritten() {
        Session session = newSession("1");
        assertThat(store.find(session.id())).isEmpty();
        assertThat(store.find(session.id())).isEmpty();
        assertThat(near().cache().hits()).as("the second lookup of an unknown ID").isEqualTo(1);

        Session saved = other.save(session, TTL);
        caughtUp(store);

        assertThat(store.find(session.id())).contains(saved);
    }

    @Test
    void aFlushOfRedisEmptiesTheCache() {
        Session session = store.save(newSession("1"), TTL);
        store.find(session.id());

        redis().flushall();
        caughtUp(store);

        assertThat(near().cache().flushes(NearCache.Flush.REDIS_FLUSHED)).isEqualTo(1);
        assertThat(store.find(session.id())).isEmpty();
        assertThat(near().cache().tracking()).isTrue();
    }

    @Test
    void aChangeMissedWhileDisconnectedLeavesNoCopyBehind() throws Exception {
        Session session = store.save(newSession("1"), TTL);
        assertThat(store.find(session.id())).contains(session);
        CompletableFuture<Void> trackingAgain = new CompletableFuture<>();
        near().cache().listen(new NearCache.Listener() {
            @Override
            public void tracked() {
                trackingAgain.complete(null);
            }
        });

        redis().clientKill(io.lettuce.core.KillArgs.Builder.typeNormal().skipme());
        trackingAgain.get(10, TimeUnit.SECONDS);
        redis().del(prefix + session.id().value());

        assertThat(near().cache().flushes(NearCache.Flush.DISCONNECTED)).isEqualTo(1);
        assertThat(store.find(session.id())).as("the DEL came when this node's new connection tracked nothing")
            .isEmpty();
    }

    private Map<String, Long> commandCalls() {
        return CommandStats.calls(redis());
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        return CommandStats.delta(before, after);
    }
}
