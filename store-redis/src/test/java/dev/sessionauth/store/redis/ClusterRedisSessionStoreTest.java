package dev.sessionauth.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on a three-node Redis Cluster this class starts: sessions spread over every slot. */
class ClusterRedisSessionStoreTest extends RedisStoreContract {

    private static EmbeddedRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setMode(RedisSessionStoreFactory.Mode.CLUSTER);
        factory.setNodes(cluster.nodes());
        return factory;
    }

    /** Failure counts, shared as sessions are, on this deployment. */
    @org.junit.jupiter.api.Nested
    class FailureCountsHere extends dev.sessionauth.store.FailureCountsContract {

        private dev.sessionauth.store.SessionStore opened;

        @Override
        protected dev.sessionauth.store.FailureCounts create(dev.sessionauth.store.MutableClock clock) {
            RedisSessionStoreFactory factory = factory();
            factory.setPrefix(factory.getPrefix() + java.util.UUID.randomUUID() + ":");
            opened = factory.open(clock);
            return opened.ability(dev.sessionauth.store.FailureCounts.class).orElseThrow();
        }

        @Override
        protected void letTimePass(java.time.Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }

        @org.junit.jupiter.api.AfterEach
        void closeStore() {
            opened.close();
        }
    }
}
