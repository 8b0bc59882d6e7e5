package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel failover with the near cache on: the old master's connections are cut, the cache
 * is emptied, and tracking and the revocation rounds start again on the new master, which then
 * keeps the copies coherent as the old one did.
 */
class SentinelFailoverNearCacheTest {

    private static final Duration TTL = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private EmbeddedRedis master;
    private EmbeddedRedis replica;
    private AutoCloseable sentinel;
    private int sentinelPort;
    private RedisClient admin;
    private NearCachedSessionStore reader;
    private NearCachedSessionStore revoker;

    @BeforeEach
    void masterReplicaAndSentinel() throws Exception {
        master = EmbeddedRedis.start();
        replica = EmbeddedRedis.start();
        admin = RedisClient.create();
        try (StatefulRedisConnection<String, String> toReplica = admin.connect(RedisURI.create(replica.uri()));
             StatefulRedisConnection<String, String> toMaster = admin.connect(RedisURI.create(master.uri()))) {
            toReplica.sync().replicaof("127.0.0.1", master.port());
            toMaster.sync().set("replicated", "yes");
            // WAIT returns once the replica has acknowledged the write: it is connected and in sync.
            assertThat(toMaster.sync().waitForReplication(1, 20_000)).isEqualTo(1);
        }
        int[] port = new int[1];
        sentinel = EmbeddedRedis.startSentinel(master, "sessions", port);
        sentinelPort = port[0];
        reader = node();
        revoker = node();
    }

    @AfterEach
    void close() throws Exception {
        reader.close();
        revoker.close();
        admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        sentinel.close();
        replica.close();
        master.close();
    }

    private NearCachedSessionStore node() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setMode(RedisSessionStoreFactory.Mode.SENTINEL);
        factory.setMasterId("sessions");
        factory.setNodes(List.of("127.0.0.1:" + sentinelPort));
        factory.setPrefix("failover:");
        NearCacheFactory near = new NearCacheFactory();
        near.setHeartbeat(io.dropwizard.util.Duration.milliseconds(200));
        factory.setNearCache(near);
        return (NearCachedSessionStore) factory.build(new MetricRegistry(), clock);
    }

    private Session cachedByTheReader() {
        Instant now = clock.instant();
        Session session = revoker.save(Session.create(SessionId.generate(), "1", now, now.plusSeconds(3600)), TTL);
        long hits = reader.cache().hits();
        for (int attempt = 0; attempt < 10 && reader.cache().hits() == hits; attempt++) {
            assertThat(reader.find(session.id())).contains(session);
        }
        assertThat(reader.cache().hits()).as("the reader serves the session from its near cache").isGreaterThan(hits);
        return session;
    }

    @Test
    void afterAFailoverTheCacheStartsAgainOnTheNewMasterAndStaysCoherent() throws Exception {
        Session before = cachedByTheReader();
        CompletableFuture<String> flushed = NearCacheEvents.nextFlush(reader);
        RedisURI sentinelUri = RedisURI.create("redis://127.0.0.1:" + sentinelPort);
        StatefulRedisSentinelConnection<String, String> toSentinel = admin.connectSentinel(sentinelUri);
        StatefulRedisPubSubConnection<String, String> events = admin.connectPubSub(sentinelUri);
        try {
            CompletableFuture<String> switched = new CompletableFuture<>();
            events.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if ("+switch-master".equals(channel)) {
                        switched.complete(message);
                    }
                }
            });
            events.sync().subscribe("+switch-master");
            failOverOnceTheSentinelKnowsTheReplica(toSentinel);

            assertThat(switched.get(30, TimeUnit.SECONDS)).as("<name> <old ip> <old port> <new ip> <new port>")
                .endsWith(" " + replica.port());
            assertThat(flushed.get(30, TimeUnit.SECONDS)).as("the old master's connection was cut").isIn(
                "DISCONNECTED", "HEARTBEAT_MISSED");
        } finally {
            events.close();
            toSentinel.close();
        }
        CompletableFuture<Void> readerBack = NearCacheEvents.nextTrusted(reader);
        CompletableFuture<Void> revokerBack = NearCacheEvents.nextTrusted(revoker);
        readerBack.get(30, TimeUnit.SECONDS);
        revokerBack.get(30, TimeUnit.SECONDS);

        assertThat(reader.find(before.id())).as("written before the failover, replicated").isPresent();
        for (int cycle = 0; cycle < 20; cycle++) {
            Session session = cachedByTheReader();
            assertThat(revoker.delete(session.id())).isTrue();
            assertThat(reader.find(session.id())).as("deleted on the new master").isEmpty();
        }
        assertThat(revoker.barrier().timeouts()).isZero();
        try (StatefulRedisConnection<String, String> toNewMaster = admin.connect(RedisURI.create(replica.uri()))) {
            assertThat(toNewMaster.sync().info("replication")).contains("role:master");
        }
    }

    /**
     * Asks the Sentinel to fail over, once for each hello it publishes on the replica: the Sentinel
     * says hello on every instance it has a live link to, every 2 s, right after it asked for its
     * INFO. Until it has the replica's INFO it answers NOGOODSLAVE, and the next hello is the
     * next chance; no test waits on time.
     */
    private void failOverOnceTheSentinelKnowsTheReplica(StatefulRedisSentinelConnection<String, String> sentinel)
        throws InterruptedException {
        BlockingQueue<String> hellos = new LinkedBlockingQueue<>();
        StatefulRedisPubSubConnection<String, String> onReplica = admin.connectPubSub(RedisURI.create(replica.uri()));
        try {
            onReplica.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    hellos.add(message);
                }
            });
            onReplica.sync().subscribe("__sentinel__:hello");
            for (int hello = 0; hello < 15; hello++) {
                assertThat(hellos.poll(30, TimeUnit.SECONDS)).as("a hello from the Sentinel on the replica").isNotNull();
                try {
                    assertThat(sentinel.sync().failover("sessions")).isEqualTo("OK");
                    return;
                } catch (RedisCommandExecutionException notYet) {
                    assertThat(notYet.getMessage()).contains("NOGOODSLAVE");
                }
            }
            throw new AssertionError("the Sentinel found no replica good enough to fail over to");
        } finally {
            onReplica.close();
        }
    }
}
