package dev.sessionauth.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A three-node Redis Cluster owned by one test class: three {@link EmbeddedRedis} cluster nodes,
 * each given a third of the 16384 slots with {@code CLUSTER ADDSLOTS} and joined with
 * {@code CLUSTER MEET}, as {@code redis-cli --cluster create} would, but from code, so no
 * {@code redis-cli} is needed. No replicas.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16_384;

    private final List<EmbeddedRedis> nodes = new ArrayList<>();

    private EmbeddedRedisCluster() {}

    public static EmbeddedRedisCluster start() {
        EmbeddedRedisCluster cluster = new EmbeddedRedisCluster();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.nodes.add(EmbeddedRedis.startClusterNode());
            }
            cluster.join();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>} of every node. */
    public List<String> nodes() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.toList());
    }

    private void join() {
        RedisClient client = RedisClient.create();
        try {
            List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
            for (EmbeddedRedis node : nodes) {
                connections.add(client.connect(RedisURI.create(node.uri())));
            }
            for (int i = 0; i < nodes.size(); i++) {
                int from = SLOTS * i / nodes.size();
                int to = SLOTS * (i + 1) / nodes.size();
                connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
            }
            RedisCommands<String, String> first = connections.get(0).sync();
            for (EmbeddedRedis node : nodes.subList(1, nodes.size())) {
                first.clusterMeet("127.0.0.1", node.port());
            }
            awaitClusterOk(connections);
            connections.forEach(StatefulRedisConnection::close);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * Waits until every node knows all three and reports {@code cluster_state:ok}. Redis offers no
     * notification or blocking command for gossip converging, so this polls, as
     * {@code redis-cli --cluster create} does; it takes well under a second.
     */
    private static void awaitClusterOk(List<StatefulRedisConnection<String, String>> connections) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            boolean ok = connections.stream().allMatch(connection -> {
                String info = connection.sync().clusterInfo();
                return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
            });
            if (ok) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the cluster formed", e);
            }
        }
        throw new IllegalStateException("the Redis cluster did not reach cluster_state:ok in 20 s");
    }

    /**
     * Moves {@code slot}, with its keys, from the master that owns it to the next one, as
     * {@code redis-cli --cluster reshard} does: importing, migrating, {@code MIGRATE}, then the
     * new owner told to every node.
     */
    public void moveSlot(int slot) {
        RedisClient client = RedisClient.create();
        try {
            List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            int owner = -1;
            for (int i = 0; i < nodes.size(); i++) {
                StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(nodes.get(i).uri()));
                connections.add(connection);
                ids.add(connection.sync().clusterMyId());
                int from = SLOTS * i / nodes.size();
                int to = SLOTS * (i + 1) / nodes.size();
                if (slot >= from && slot < to) {
                    owner = i;
                }
            }
            int target = (owner + 1) % nodes.size();
            RedisCommands<String, String> source = connections.get(owner).sync();
            RedisCommands<String, String> destination = connections.get(target).sync();
            destination.clusterSetSlotImporting(slot, ids.get(owner));
            source.clusterSetSlotMigrating(slot, ids.get(target));
            for (String key : source.clusterGetKeysInSlot(slot, 1000)) {
                source.migrate("127.0.0.1", nodes.get(target).port(), key, 0, 5000);
            }
            destination.clusterSetSlotNode(slot, ids.get(target));
            source.clusterSetSlotNode(slot, ids.get(target));
            for (StatefulRedisConnection<String, String> other : connections) {
                other.sync().clusterSetSlotNode(slot, ids.get(target));
            }
            connections.forEach(StatefulRedisConnection::close);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        nodes.forEach(EmbeddedRedis::close);
    }
}
