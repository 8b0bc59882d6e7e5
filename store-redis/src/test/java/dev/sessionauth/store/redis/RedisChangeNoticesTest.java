package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.ability.ChangeNotices;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change notices over Redis pub/sub between two stores, on a standalone Redis and on a Cluster:
 * what one publishes every subscriber hears, and a subscriber whose connection is cut is told it
 * may have missed some, then told when notices flow again. Waits on the notices themselves.
 */
class RedisChangeNoticesTest {

    private static EmbeddedRedis server;
    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.start();
        cluster = EmbeddedRedisCluster.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        cluster.close();
    }

    private static RedisSessionStoreFactory standalone(String prefix) {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri(server.uri());
        factory.setPrefix(prefix);
        return factory;
    }

    private static RedisSessionStoreFactory clustered(String prefix) {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setMode(RedisSessionStoreFactory.Mode.CLUSTER);
        factory.setNodes(cluster.nodes());
        factory.setPrefix(prefix);
        return factory;
    }

    @Test
    void aNoticeReachesEverySubscriberOnStandalone() throws Exception {
        noticesReachEverySubscriber(standalone("notices-" + UUID.randomUUID() + ":"));
    }

    @Test
    void aNoticeReachesEverySubscriberOnACluster() throws Exception {
        noticesReachEverySubscriber(clustered("notices-" + UUID.randomUUID() + ":"));
    }

    private static void noticesReachEverySubscriber(RedisSessionStoreFactory factory) throws Exception {
        try (SessionStore a = factory.build(new MetricRegistry(), new MutableClock());
             SessionStore b = factory.build(new MetricRegistry(), new MutableClock())) {
            HeardNotices onA = new HeardNotices();
            HeardNotices onB = new HeardNotices();
            try (AutoCloseable subA = notices(a).subscribe(onA); AutoCloseable subB = notices(b).subscribe(onB)) {
                assertThat(onA.next()).isEqualTo("live");
                assertThat(onB.next()).isEqualTo("live");

                notices(a).publish("user:1");
                notices(b).publish("user:2");

                assertThat(List.of(onA.next(), onA.next())).containsExactly("user:1", "user:2");
                assertThat(List.of(onB.next(), onB.next())).containsExactly("user:1", "user:2");
            }
        }
    }

    @Test
    void aCutSubscriberIsToldItMayHaveMissedNoticesThenThatTheyFlowAgain() throws Exception {
        RedisSessionStoreFactory factory = standalone("notices-" + UUID.randomUUID() + ":");
        try (SessionStore a = factory.build(new MetricRegistry(), new MutableClock())) {
            HeardNotices heard = new HeardNotices();
            try (AutoCloseable subscription = notices(a).subscribe(heard)) {
                assertThat(heard.next()).isEqualTo("live");
                RedisClient admin = RedisClient.create(server.uri());
                try (StatefulRedisConnection<String, String> connection = admin.connect()) {
                    connection.sync().clientKill(KillArgs.Builder.typePubsub());
                } finally {
                    admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                }

                assertThat(heard.next()).isEqualTo("lost");
                assertThat(heard.next()).isEqualTo("live");
                notices(a).publish("user:7");
                assertThat(heard.next()).isEqualTo("user:7");
            }
        }
    }

    private static ChangeNotices notices(SessionStore store) {
        return store.ability(ChangeNotices.class).orElseThrow();
    }
}
