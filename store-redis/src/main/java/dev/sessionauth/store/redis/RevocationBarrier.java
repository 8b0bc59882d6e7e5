package dev.sessionauth.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Makes a revocation (a session deleted: logout, rotation, logout everywhere) reach every node's
 * near cache before the request that made it returns. Redis pushes the invalidation to every node
 * that read the key, but a node reads it when its event loop gets to it, which on a busy machine
 * can be after the revoking node has answered and the browser has asked another node.
 *
 * <p>After the delete, the revoking node publishes a round ({@code ?<nonce>}) on the sharded
 * channel {@code <prefix>revocations}; {@code SPUBLISH} answers how many nodes are subscribed.
 * Each node that hears it pings every connection it tracks on ({@link RedisTracking#caughtUp}):
 * the ping was sent after the delete ran, so its answer comes after the delete's invalidation
 * on the same connection, which was therefore applied. Then it answers {@code !<nonce>}. The
 * revoking node returns once as many answers came as there were subscribers, or after
 * {@code timeout}, the near cache's {@link NearCache#servingBound}: by then a node that did not
 * answer has either applied the invalidation or stopped serving hits, since it serves them only
 * while its connection answered within {@code maxSilence}, as its silence check last saw. A node serves hits only while it is subscribed
 * ({@link NearCache#listening}), so the count of subscribers names every node that may serve
 * one; after it subscribes again it first catches up, so a round published while it was away
 * cannot find it serving a copy it was not waited for. A sharded channel lives on one shard of a
 * Cluster, so the count covers every node there too. Rounds and answers carry no session ID.
 * Thread-safe.
 */
final class RevocationBarrier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationBarrier.class);
    private static final char ROUND = '?';
    private static final char ANSWER = '!';

    private final AbstractRedisClient client;
    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final RedisTracking tracking;
    private final NearCache cache;
    private final String channel;
    private final byte[] channelBytes;
    private final Duration timeout;
    private final String node = newNodeName();
    private final AtomicLong nonces = new AtomicLong();
    private final Map<String, Round> rounds = new ConcurrentHashMap<>();
    private final LongAdder timeouts = new LongAdder();
    /** Whether a timed-out round was logged since the last round answered in full. */
    private final AtomicBoolean timeoutLogged = new AtomicBoolean();
    private final Subscriber subscriber = new Subscriber();
    private final Losses losses = new Losses();
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final StatefulRedisClusterPubSubConnection<String, String> clusterPubSub;
    /** The connection the channel is subscribed on: the one, or the one to the shard's master. */
    private volatile StatefulRedisPubSubConnection<String, String> subscribed;
    /** Done once this node first takes part in rounds. */
    private final CompletableFuture<Void> firstListening = new CompletableFuture<>();
    private Disposable topology;
    private volatile boolean closed;

    private RevocationBarrier(AbstractRedisClient client, RedisClusterAsyncCommands<byte[], byte[]> redis,
                              RedisTracking tracking, NearCache cache, String prefix, Duration timeout) {
        this.client = client;
        this.redis = redis;
        this.tracking = tracking;
        this.cache = cache;
        this.channel = prefix + "revocations";
        this.channelBytes = channel.getBytes(StandardCharsets.UTF_8);
        this.timeout = timeout;
        if (client instanceof RedisClusterClient cluster) {
            this.clusterPubSub = cluster.connectPubSub(StringCodec.UTF8);
            this.pubSub = null;
        } else {
            this.pubSub = ((RedisClient) client).connectPubSub(StringCodec.UTF8);
            this.clusterPubSub = null;
        }
    }

    /**
     * Subscribes and returns once this node takes part in rounds (its near cache serves only from
     * then on).
     *
     * @param timeout      how long a round waits at most: the near cache's {@link NearCache#servingBound}
     * @param startTimeout how long subscribing may take
     * @throws RedisException when Redis cannot be reached
     */
    static RevocationBarrier start(AbstractRedisClient client, RedisClusterAsyncCommands<byte[], byte[]> redis,
                                   RedisTracking tracking, NearCache cache, String prefix, Duration timeout,
                                   Duration startTimeout) {
        RevocationBarrier barrier = new RevocationBarrier(client, redis, tracking, cache, prefix, timeout);
        client.addListener(barrier.losses);
        if (barrier.clusterPubSub != null) {
            barrier.topology = client.getResources().eventBus().get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> barrier.resubscribeLater());
        }
        try {
            barrier.subscribe();
            barrier.firstListening.get(startTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RedisException e) {
            barrier.close();
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            barrier.close();
            throw new RedisException("the channel " + barrier.channel + " was not subscribed within "
                + startTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            barrier.close();
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while subscribing to " + barrier.channel);
        }
        return barrier;
    }

    /**
     * Returns once every node's near cache has applied the invalidations of writes that returned
     * before this call, or once {@code timeout} has passed. Called after a revocation, on the
     * thread that made it: never on a Lettuce thread, which the answers need.
     */
    void await() {
        String nonce = node + "." + nonces.incrementAndGet();
        Round round = new Round();
        rounds.put(nonce, round);
        try {
            redis.spublish(channelBytes, (ROUND + nonce).getBytes(StandardCharsets.UTF_8))
                .thenAccept(round::expect);
            if (round.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                timeoutLogged.set(false);
            } else {
                timeouts.increment();
                if (timeoutLogged.compareAndSet(false, true)) {
                    LOG.warn("A revocation was not confirmed by every node within {} ms ({} of {} answered); "
                        + "nodes that did not answer have stopped serving from their near cache by now",
                        timeout.toMillis(), round.answers(), round.expected());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            rounds.remove(nonce);
        }
    }

    private static String newNodeName() {
        byte[] name = new byte[8];
        new SecureRandom().nextBytes(name);
        return HexFormat.of().formatHex(name);
    }

    /** How many rounds ended by timeout, not by every node answering. */
    long timeouts() {
        return timeouts.sum();
    }

    /**
     * Subscribes on the connection to the channel's shard: in a cluster, a topology change may have
     * moved it, and this node takes no part until it has subscribed on the new one.
     */
    private void subscribe() {
        StatefulRedisPubSubConnection<String, String> connection = pubSub != null ? pubSub : shardConnection();
        StatefulRedisPubSubConnection<String, String> previous = subscribed;
        if (connection != previous) {
            cache.listening(false);
            if (previous != null) {
                previous.removeListener(subscriber);
            }
            connection.addListener(subscriber);
            subscribed = connection;
        }
        connection.sync().ssubscribe(channel);
    }

    /** The connection to the master that owns the channel's slot. */
    private StatefulRedisPubSubConnection<String, String> shardConnection() {
        Partitions partitions = clusterPubSub.getPartitions();
        RedisClusterNode master = partitions.getMasterBySlot(SlotHash.getSlot(channelBytes));
        if (master == null) {
            throw new RedisException("no master owns the slot of " + channel);
        }
        return clusterPubSub.getConnection(master.getNodeId());
    }

    /** Subscribed: catch up on the connections tracked, then take part. */
    private void onSubscribed() {
        tracking.caughtUp().whenComplete((ok, failure) -> {
            if (failure == null) {
                cache.listening(true);
                firstListening.complete(null);
            } else {
                resubscribeLater();
            }
        });
    }

    private void resubscribeLater() {
        if (closed) {
            return;
        }
        client.getResources().eventExecutorGroup().schedule(() -> {
            if (closed) {
                return;
            }
            try {
                subscribe();
            } catch (RedisException e) {
                if (client instanceof RedisClusterClient cluster && String.valueOf(e.getMessage()).contains("MOVED")) {
                    // The slot moved before Lettuce learnt of it: learn now rather than at the next periodic
                    // refresh. Asynchronously: a task that blocked this executor on the refresh would also
                    // block the client's shutdown, which waits for the executor's tasks to end.
                    cluster.refreshPartitionsAsync().whenComplete((ok, failure) -> resubscribeLater());
                    return;
                }
                resubscribeLater();
            }
        }, 100, TimeUnit.MILLISECONDS);
    }

    private void heard(String message) {
        if (message.isEmpty()) {
            return;
        }
        String nonce = message.substring(1);
        if (message.charAt(0) == ROUND) {
            tracking.caughtUp().whenComplete((ok, failure) -> {
                if (failure != null) {
                    cache.lost(NearCache.Flush.HEARTBEAT_MISSED);
                }
                redis.spublish(channelBytes, (ANSWER + nonce).getBytes(StandardCharsets.UTF_8));
            });
        } else if (message.charAt(0) == ANSWER) {
            Round round = rounds.get(nonce);
            if (round != null) {
                round.answered();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (topology != null) {
            topology.dispose();
        }
        client.removeListener(losses);
        if (pubSub != null) {
            pubSub.close();
        } else {
            clusterPubSub.close();
        }
    }

    /** Hears the channel. */
    private final class Subscriber extends RedisPubSubAdapter<String, String> {

        @Override
        public void smessage(String from, String message) {
            if (channel.equals(from)) {
                heard(message);
            }
        }

        @Override
        public void ssubscribed(String to, long count) {
            if (channel.equals(to)) {
                onSubscribed();
            }
        }

        /** Redis unsubscribes a shard channel whose slot moved: subscribe on its new master. */
        @Override
        public void sunsubscribed(String from, long count) {
            if (channel.equals(from)) {
                cache.listening(false);
                resubscribeLater();
            }
        }

    }

    /** Hears the loss of the connection the channel is subscribed on. */
    private final class Losses implements RedisConnectionStateListener {

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            if (handler == subscribed) {
                cache.listening(false);
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
            // Lettuce subscribes again by itself; Redis's answer makes this node take part again.
        }
    }

    /** One round: how many nodes were subscribed when it was published, how many answered. */
    private static final class Round {

        private final CountDownLatch done = new CountDownLatch(1);
        private long expected = -1;
        private long answers;

        synchronized void expect(long subscribers) {
            expected = subscribers;
            check();
        }

        synchronized void answered() {
            answers++;
            check();
        }

        synchronized long answers() {
            return answers;
        }

        synchronized long expected() {
            return expected;
        }

        private void check() {
            if (expected >= 0 && answers >= expected) {
                done.countDown();
            }
        }
    }
}
