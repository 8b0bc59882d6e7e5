package dev.sessionauth.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;

/**
 * The one pub/sub subscription of a node: the sharded channel {@code <prefix>revocations}. It
 * carries the revocation barrier's rounds and answers ({@link RevocationBarrier}) and the change
 * notices ({@link RedisChangeNotices}); a message's first character says which, and each listener
 * ignores the kinds that are not its own (so do nodes of earlier versions, which knew only rounds
 * and answers). A sharded channel lives on one shard of a Cluster, so a message reaches every node
 * there as on a standalone Redis, and {@code SPUBLISH} answers how many nodes heard it.
 *
 * <p>It subscribes when the first listener joins: on one pub/sub connection (standalone and
 * Sentinel), or on the connection to the master that owns the channel's slot (Cluster). Each way
 * the subscription can end reaches every listener as {@link Listener#unsubscribed}, before any
 * message published after it could be missed:
 * <ul>
 *   <li>the connection is lost: Lettuce says so synchronously, before it reconnects, and
 *       subscribes again by itself once it is back;</li>
 *   <li>in a Cluster, Redis unsubscribes the channel when its slot moves, or Lettuce's topology
 *       refresh finds it on another master: it subscribes on the new master, learning of it at
 *       once when Redis answers {@code MOVED}.</li>
 * </ul>
 * Redis's confirmation of each subscription is {@link Listener#subscribed}. Thread-safe.
 */
final class NodeChannel implements AutoCloseable {

    /** A revocation round ({@link RevocationBarrier}). */
    static final char ROUND = '?';
    /** An answer to a revocation round. */
    static final char ANSWER = '!';
    /** A change notice ({@link RedisChangeNotices}). */
    static final char CHANGE = '#';

    /** Hears the channel, on a thread of the client's: must not block. */
    interface Listener {

        /** A message published on the channel. */
        void heard(String message);

        /** Subscribed, or subscribed again: every message published from now on is heard. */
        void subscribed();

        /** Messages published from now until the next {@link #subscribed} may be missed. */
        void unsubscribed();
    }

    private final AbstractRedisClient client;
    private final RedisClusterAsyncCommands<byte[], byte[]> redis;
    private final String name;
    private final byte[] nameBytes;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Subscriber subscriber = new Subscriber();
    private final Losses losses = new Losses();
    /** Guards {@link #started} and {@link #subscribed}, and orders what listeners are told. */
    private final Object lock = new Object();
    private boolean started;
    private boolean subscribed;
    private StatefulRedisPubSubConnection<String, String> pubSub;
    private StatefulRedisClusterPubSubConnection<String, String> clusterPubSub;
    /** The connection the channel is subscribed on: the one, or the one to the shard's master. */
    private volatile StatefulRedisPubSubConnection<String, String> subscribedOn;
    private Disposable topology;
    private volatile boolean closed;

    /**
     * @param redis the store's connection, which publishes
     */
    NodeChannel(AbstractRedisClient client, RedisClusterAsyncCommands<byte[], byte[]> redis, String prefix) {
        this.client = client;
        this.redis = redis;
        this.name = prefix + "revocations";
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
    }

    String name() {
        return name;
    }

    /**
     * Adds {@code listener} until the returned handle is closed. The first to join subscribes, on
     * this thread; a later one that joins while the channel is subscribed is told so at once.
     *
     * @throws RedisException when the first subscription cannot be sent (it is tried again later)
     */
    AutoCloseable join(Listener listener) {
        boolean first;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the channel " + name + " is closed");
            }
            listeners.add(listener);
            first = !started;
            started = true;
            if (subscribed) {
                listener.subscribed();
            }
        }
        if (first) {
            try {
                subscribe();
            } catch (RedisException e) {
                listeners.remove(listener);
                resubscribeLater();
                throw e;
            }
        }
        return () -> listeners.remove(listener);
    }

    /** Publishes {@code message}; the future holds how many nodes were subscribed. */
    RedisFuture<Long> publish(String message) {
        return redis.spublish(nameBytes, message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Subscribes again in a moment, for a listener that could not act on a confirmation: the
     * next one gives it another chance.
     */
    void resubscribeLater() {
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

    /** Opens the pub/sub connection and starts hearing what can end the subscription. */
    private void open() {
        if (client instanceof RedisClusterClient cluster) {
            clusterPubSub = cluster.connectPubSub(StringCodec.UTF8);
            topology = client.getResources().eventBus().get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> resubscribeLater());
        } else {
            pubSub = ((RedisClient) client).connectPubSub(StringCodec.UTF8);
        }
        client.addListener(losses);
    }

    /**
     * Subscribes on the connection to the channel's shard: in a cluster, a topology change may have
     * moved it, and the channel counts as unsubscribed until it is subscribed on the new one.
     */
    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        if (pubSub == null && clusterPubSub == null) {
            open();
        }
        StatefulRedisPubSubConnection<String, String> connection = pubSub != null ? pubSub : shardConnection();
        StatefulRedisPubSubConnection<String, String> previous = subscribedOn;
        if (connection != previous) {
            if (previous != null) {
                lost();
                previous.removeListener(subscriber);
            }
            connection.addListener(subscriber);
            subscribedOn = connection;
        }
        connection.sync().ssubscribe(name);
    }

    /** The connection to the master that owns the channel's slot. */
    private StatefulRedisPubSubConnection<String, String> shardConnection() {
        RedisClusterNode master = clusterPubSub.getPartitions().getMasterBySlot(SlotHash.getSlot(nameBytes));
        if (master == null) {
            throw new RedisException("no master owns the slot of " + name);
        }
        return clusterPubSub.getConnection(master.getNodeId());
    }

    private void confirmed() {
        synchronized (lock) {
            subscribed = true;
            listeners.forEach(Listener::subscribed);
        }
    }

    private void lost() {
        synchronized (lock) {
            subscribed = false;
            listeners.forEach(Listener::unsubscribed);
        }
    }

    @Override
    public synchronized void close() {
        synchronized (lock) {
            closed = true;
        }
        if (topology != null) {
            topology.dispose();
        }
        client.removeListener(losses);
        if (pubSub != null) {
            pubSub.close();
        }
        if (clusterPubSub != null) {
            clusterPubSub.close();
        }
    }

    /** Hears the channel. */
    private final class Subscriber extends RedisPubSubAdapter<String, String> {

        @Override
        public void smessage(String from, String message) {
            if (name.equals(from) && !message.isEmpty()) {
                listeners.forEach(listener -> listener.heard(message));
            }
        }

        @Override
        public void ssubscribed(String to, long count) {
            if (name.equals(to)) {
                confirmed();
            }
        }

        /** Redis unsubscribes a shard channel whose slot moved: subscribe on its new master. */
        @Override
        public void sunsubscribed(String from, long count) {
            if (name.equals(from) && !closed) {
                lost();
                resubscribeLater();
            }
        }
    }

    /** Hears the loss of the connection the channel is subscribed on. */
    private final class Losses implements RedisConnectionStateListener {

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            if (handler == subscribedOn) {
                lost();
            }
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
            // Lettuce subscribes again by itself; Redis's confirmation says subscribed.
        }
    }
}
