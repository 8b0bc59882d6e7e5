package dev.sessionauth.store.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Revocation rounds on a three-node Redis Cluster this class starts: the round's channel lives on one shard. */
class ClusterRevocationBarrierTest extends RevocationBarrierContract {

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
    protected RedisSessionStoreFactory deployment() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setMode(RedisSessionStoreFactory.Mode.CLUSTER);
        factory.setNodes(cluster.nodes());
        return factory;
    }
}
