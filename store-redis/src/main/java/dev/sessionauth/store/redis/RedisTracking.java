package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.event.EventBus;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Keeps a {@link NearCache} told of what Redis tracking does on the connections reads are made
 * on (the one connection; in a cluster, the connection to each master): turns
 * {@code CLIENT TRACKING ON} on for each whenever one (re)connects, hands the cache the
 * invalidations Redis pushes on them, and sends them a heartbeat {@code PING}.
 *
 * <p>Lettuce reports a lost connection synchronously on its event loop, after the last reply read
 * on it and before it reconnects ({@link RedisConnectionStateListener#onRedisDisconnected}), so
 * the cache's new epoch begins before any reply from the next connection can be read. Tracking
 * is asked for on every connection once they are up, and the cache trusts it only once every one
 * has answered, and only if nothing was lost since it asked. A PING answered proves that every
 * invalidation Redis sent on that connection before it arrived too (one connection, in order);
 * one unanswered within the command timeout empties the cache, and the next round answered asks
 * for tracking again. In a cluster, a topology change empties the cache as well, and a read the
 * cache keeps is made on the tracked connection of the master that owns its slot, never one
 * redirected elsewhere ({@link #readTracked}). Invalidations of keys that are not sessions
 * (indexes, counts) are ignored. No key or session ID is ever logged.
 */
final class RedisTracking implements RedisConnectionStateListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTracking.class);

    /** The connections reads are made on, by node ID (one, under "", outside a cluster). */
    private final Supplier<Map<String, StatefulRedisConnection<byte[], byte[]>>> connections;
    private final StatefulRedisClusterConnection<byte[], byte[]> cluster;
    private final NearCache cache;
    private final String prefix;
    private final EventExecutorGroup executors;
    private final ScheduledFuture<?> heartbeat;
    /** Runs the cache's silence check: a thread of its own, which a stalled event loop cannot hold up. */
    private final ScheduledExecutorService watchdog;
    private final Disposable topology;
    /** The connections tracking is asked for on: the one from the start, a cluster's masters from the first ask on. */
    private volatile Map<String, StatefulRedisConnection<byte[], byte[]>> tracked;
    /** Whether a refusal was logged since tracking last worked: the heartbeat asks again every beat. */
    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    private RedisTracking(Supplier<Map<String, StatefulRedisConnection<byte[], byte[]>>> connections,
                          StatefulRedisClusterConnection<byte[], byte[]> cluster, NearCache cache, String prefix,
                          EventExecutorGroup executors, EventBus events, Duration heartbeatInterval) {
        this.connections = connections;
        this.cluster = cluster;
        this.cache = cache;
        this.prefix = prefix;
        this.executors = executors;
        this.tracked = cluster == null ? connections.get() : Map.of();
        long interval = heartbeatInterval.toNanos();
        this.heartbeat = executors.scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.NANOSECONDS);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(check -> {
            Thread thread = new Thread(check, "sessionauth-near-cache-silence");
            thread.setDaemon(true);
            return thread;
        });
        long check = cache.silenceCheck().toNanos();
        watchdog.scheduleAtFixedRate(cache::checkSilence, check, check, TimeUnit.NANOSECONDS);
        this.topology = cluster == null ? null : events.get()
            .filter(ClusterTopologyChangedEvent.class::isInstance)
            .subscribe(event -> {
                cache.lost(NearCache.Flush.TOPOLOGY_CHANGED);
                executors.execute(this::askForTracking);
            });
    }

    /** Tracking on the one connection of a standalone or Sentinel store; returns once Redis answered. */
    static RedisTracking start(AbstractRedisClient client, StatefulRedisConnection<byte[], byte[]> connection,
                               NearCache cache, String prefix, EventExecutorGroup executors, EventBus events,
                               Duration heartbeatInterval) {
        RedisTracking tracking = new RedisTracking(() -> Map.of("", connection), null, cache, prefix, executors,
            events, heartbeatInterval);
        client.addListener(tracking);
        connection.addListener(tracking::pushed);
        tracking.askForTracking().join();
        return tracking;
    }

    /** Tracking on the connection to every master of a cluster; returns once they all answered. */
    static RedisTracking start(AbstractRedisClient client, StatefulRedisClusterConnection<byte[], byte[]> cluster,
                               NearCache cache, String prefix, EventExecutorGroup executors, EventBus events,
                               Duration heartbeatInterval) {
        Supplier<Map<String, StatefulRedisConnection<byte[], byte[]>>> masters = () -> {
            Map<String, StatefulRedisConnection<byte[], byte[]>> byNode = new HashMap<>();
            for (RedisClusterNode node : cluster.getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    byNode.put(node.getNodeId(), cluster.getConnection(node.getNodeId()));
                }
            }
            return byNode;
        };
        RedisTracking tracking = new RedisTracking(masters, cluster, cache, prefix, executors, events,
            heartbeatInterval);
        client.addListener(tracking);
        cluster.addListener((node, message) -> tracking.pushed(message));
        tracking.askForTracking().join();
        return tracking;
    }

    /**
     * Reads {@code id} on a connection whose tracking the cache trusts: the store's own outside a
     * cluster; in a cluster, the connection to the master that owns the key's slot. Empty when
     * there is none (the cache keeps nothing then), or when that master no longer owns the slot.
     */
    Optional<RedisSessionStore.Read> readTracked(RedisSessionStore store, SessionId id) {
        if (cluster == null) {
            return Optional.of(store.read(id));
        }
        byte[] key = store.sessionKey(id);
        RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        StatefulRedisConnection<byte[], byte[]> connection = master == null ? null : tracked.get(master.getNodeId());
        if (connection == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.read(id, connection.sync()));
        } catch (SessionStoreException e) {
            if (e.getCause() instanceof RedisCommandExecutionException redirected && redirected.getMessage() != null
                && (redirected.getMessage().startsWith("MOVED") || redirected.getMessage().startsWith("ASK"))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
        if (isTracked(channel)) {
            executors.execute(this::askForTracking);
        }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
        if (isTracked(channel)) {
            cache.lost(NearCache.Flush.DISCONNECTED);
        }
    }

    private boolean isTracked(RedisChannelHandler<?, ?> channel) {
        return tracked.containsValue(channel);
    }

    /** Asks every connection for tracking; the cache trusts it once all answered in this epoch. */
    private CompletableFuture<Void> askForTracking() {
        long epoch = cache.epoch();
        long sentAt = cache.nanoTime();
        Map<String, StatefulRedisConnection<byte[], byte[]>> current;
        try {
            current = connections.get();
        } catch (RuntimeException e) {
            LOG.warn("Cannot reach every Redis node to turn on client tracking ({}); the near cache is bypassed",
                e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        tracked = Map.copyOf(current);
        CompletableFuture<?>[] answers = current.values().stream()
            .map(connection -> connection.async().clientTracking(TrackingArgs.Builder.enabled()).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(answers).handle((ok, failure) -> {
            if (failure == null) {
                refusalLogged.set(false);
                cache.tracked(epoch, sentAt);
            } else if (refusalLogged.compareAndSet(false, true)) {
                LOG.warn("Redis refused client tracking ({}); the near cache is bypassed until it is on",
                    failure.getMessage());
            }
            return null;
        });
    }

    /**
     * Pings every connection tracking is on; completes once each answered, when every
     * invalidation Redis sent on them before it ran the ping has been applied to the cache.
     */
    CompletableFuture<Void> caughtUp() {
        CompletableFuture<?>[] pongs = tracked.values().stream()
            .map(connection -> connection.async().ping().toCompletableFuture())
            .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(pongs);
    }

    private void beat() {
        long sentAt = cache.nanoTime();
        long epoch = cache.epoch();
        caughtUp().whenComplete((ok, failure) -> {
            if (failure != null) {
                if (cache.tracking()) {
                    cache.lost(NearCache.Flush.HEARTBEAT_MISSED);
                }
            } else if (cache.tracking()) {
                cache.heard(sentAt, epoch);
            } else {
                executors.execute(this::askForTracking);
            }
        });
    }

    private void pushed(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent();
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (!(keys instanceof List<?> list)) {
            cache.flushedByRedis();
            return;
        }
        for (Object key : list) {
            if (key instanceof ByteBuffer buffer) {
                sessionId(buffer).ifPresent(cache::invalidated);
            }
        }
    }

    /** The session ID a key names, if it is a session's key under this prefix. */
    private Optional<SessionId> sessionId(ByteBuffer key) {
        String text = StandardCharsets.UTF_8.decode(key.duplicate()).toString();
        if (!text.startsWith(prefix)) {
            return Optional.empty();
        }
        return SessionId.parse(text.substring(prefix.length()));
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
        watchdog.shutdownNow();
        if (topology != null) {
            topology.dispose();
        }
    }
}
