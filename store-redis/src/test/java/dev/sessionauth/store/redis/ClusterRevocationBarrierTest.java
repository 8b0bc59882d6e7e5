package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.Session;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Revocation rounds on a three-node Redis Cluster this class starts: the round's channel lives
 * on one shard, and follows its slot when the slot moves to another master.
 */
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

    @Test
    void roundsFollowTheChannelWhenItsSlotMovesToAnotherMaster() throws Exception {
        CompletableFuture<Boolean> readerServingWhileOut = new CompletableFuture<>();
        CompletableFuture<Void> readerBack = backInTheRounds(reader, readerServingWhileOut);
        CompletableFuture<Void> revokerBack = backInTheRounds(revoker, new CompletableFuture<>());

        cluster.moveSlot(SlotHash.getSlot((prefix + "revocations").getBytes(StandardCharsets.UTF_8)));

        assertThat(readerServingWhileOut.get(20, TimeUnit.SECONDS)).as("hits served while out of the rounds").isFalse();
        readerBack.get(20, TimeUnit.SECONDS);
        revokerBack.get(20, TimeUnit.SECONDS);
        for (int cycle = 0; cycle < 50; cycle++) {
            Session session = cachedByTheReader("1");
            assertThat(revoker.delete(session.id())).isTrue();
            assertThat(reader.find(session.id())).isEmpty();
        }
        assertThat(revoker.barrier().timeouts()).as("rounds answered on the new master").isZero();
    }
}
