package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionId;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link NearCache} told of what Redis tracking on one connection does: turns
 * {@code CLIENT TRACKING ON} on for every (re)connection, hands it the invalidations Redis pushes
 * on that connection, and sends a heartbeat {@code PING} on it.
 *
 * <p>Lettuce reports a lost connection synchronously on its event loop, after the last reply read
 * on it and before it reconnects ({@link RedisConnectionStateListener#onRedisDisconnected}), so
 * the cache's new epoch begins before any reply from the next connection can be read. Tracking
 * is asked for when the new connection is up, and the cache trusts it only once Redis has
 * answered, and only if nothing was lost since it asked. A PING answered proves that every
 * invalidation Redis sent before it arrived too (one connection, in order); one unanswered
 * within the command timeout empties the cache, and the next answered one asks for tracking
 * again, since the connection may have been replaced meanwhile. Invalidations of keys that are
 * not sessions (indexes, counts) are ignored. No key or session ID is ever logged.
 */
final class RedisTracking implements RedisConnectionStateListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTracking.class);

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final NearCache cache;
    private final String prefix;
    private final ScheduledFuture<?> heartbeat;

    private RedisTracking(StatefulRedisConnection<byte[], byte[]> connection, NearCache cache, String prefix,
                          EventExecutorGroup executors, Duration heartbeatInterval) {
        this.connection = connection;
        this.cache = cache;
        this.prefix = prefix;
        long interval = heartbeatInterval.toNanos();
        this.heartbeat = executors.scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts tracking on {@code connection}, which {@code client} made, for {@code cache}; returns
     * once Redis has confirmed it or refused it (the cache is then bypassed until a reconnection
     * or heartbeat asks again).
     */
    static RedisTracking start(AbstractRedisClient client, StatefulRedisConnection<byte[], byte[]> connection,
                               NearCache cache, String prefix, EventExecutorGroup executors, Duration heartbeatInterval) {
        RedisTracking tracking = new RedisTracking(connection, cache, prefix, executors, heartbeatInterval);
        client.addListener(tracking);
        connection.addListener(tracking::pushed);
        tracking.askForTracking().toCompletableFuture().exceptionally(e -> null).join();
        return tracking;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
        if (channel == connection) {
            askForTracking();
        }
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
        if (channel == connection) {
            cache.lost(NearCache.Flush.DISCONNECTED);
        }
    }

    private java.util.concurrent.CompletionStage<String> askForTracking() {
        long epoch = cache.epoch();
        long sentAt = cache.nanoTime();
        return connection.async().clientTracking(TrackingArgs.Builder.enabled()).whenComplete((ok, failure) -> {
            if (failure == null) {
                cache.tracked(epoch, sentAt);
            } else {
                LOG.warn("Redis refused client tracking ({}); the near cache is bypassed until it is on",
                    failure.getMessage());
            }
        });
    }

    private void beat() {
        long sentAt = cache.nanoTime();
        long epoch = cache.epoch();
        connection.async().ping().whenComplete((pong, failure) -> {
            if (failure != null) {
                if (cache.tracking()) {
                    cache.lost(NearCache.Flush.HEARTBEAT_MISSED);
                }
            } else if (cache.tracking()) {
                cache.heard(sentAt, epoch);
            } else if (connection.isOpen()) {
                askForTracking();
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
    private java.util.Optional<String> sessionId(ByteBuffer key) {
        String text = StandardCharsets.UTF_8.decode(key.duplicate()).toString();
        if (!text.startsWith(prefix)) {
            return java.util.Optional.empty();
        }
        return SessionId.parse(text.substring(prefix.length())).map(SessionId::value);
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
    }
}
