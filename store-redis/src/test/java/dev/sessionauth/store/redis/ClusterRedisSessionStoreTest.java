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

    /** The cluster under test. */
    static EmbeddedRedisCluster cluster() {
        return cluster;
    }

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setMode(RedisSessionStoreFactory.Mode.CLUSTER);
        factory.setNodes(cluster.nodes());
        return factory;
    }
}
