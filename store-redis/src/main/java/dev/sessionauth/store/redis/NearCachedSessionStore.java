package dev.sessionauth.store.redis;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.support.FillGuard.Fill;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The redis store with a {@link NearCache} in front: {@code find} answers from this process when
 * it can, with no Redis command, and otherwise reads Redis and keeps what it read (absent
 * sessions too: Redis tracks a key it was asked for whether or not it exists). Every write goes
 * to Redis first and then drops this node's copy, so this node never serves its own stale copy
 * after a write returns; other nodes drop theirs when Redis's invalidation reaches them, and a
 * delete returns only once they have ({@link RevocationBarrier}).
 * A value is kept only if it was read on a connection whose tracking the cache trusts
 * ({@link RedisTracking#readTracked}). {@code findByUser} is never cached. Idle expiry is kept by
 * the service's clock ({@link NearCache}), as Redis's copy would be. Closing closes tracking, then the store. Thread-safe.
 */
final class NearCachedSessionStore implements SessionStore {

    private final RedisSessionStore store;
    private final NearCache cache;
    private final RedisTracking tracking;
    private final RevocationBarrier barrier;

    NearCachedSessionStore(RedisSessionStore store, NearCache cache, RedisTracking tracking,
                           RevocationBarrier barrier) {
        this.store = store;
        this.cache = cache;
        this.tracking = tracking;
        this.barrier = barrier;
    }

    @Override
    public Optional<Session> find(SessionId id) {
        Optional<Session> hit = cache.hit(id);
        if (hit != null) {
            return hit;
        }
        Fill<SessionId> fill = cache.begin(id);
        if (fill == null) {
            return store.find(id);
        }
        Optional<RedisSessionStore.Read> read;
        try {
            read = tracking.readTracked(store, id);
        } catch (RuntimeException e) {
            cache.abandon(fill);
            throw e;
        }
        if (read.isEmpty()) {
            cache.abandon(fill);
            return store.find(id);
        }
        cache.complete(fill, read.get().session(), read.get().expiresAt());
        return read.get().session();
    }

    @Override
    public Session save(Session session, Duration ttl) {
        try {
            return store.save(session, ttl);
        } finally {
            cache.invalidate(session.id());
        }
    }

    @Override
    public boolean touch(SessionId id, Instant lastSeenAt, Duration ttl) {
        try {
            return store.touch(id, lastSeenAt, ttl);
        } finally {
            cache.invalidate(id);
        }
    }

    /** Replaces, and returns once no node's near cache can serve the predecessor any more. */
    @Override
    public Optional<Session> replace(SessionId predecessor, Session successor, Duration ttl) {
        Optional<Session> stored;
        try {
            stored = store.replace(predecessor, successor, ttl);
        } finally {
            cache.invalidate(predecessor);
            cache.invalidate(successor.id());
        }
        if (stored.isPresent()) {
            barrier.await();
        }
        return stored;
    }

    /** Deletes, and returns once no node's near cache can serve the session any more. */
    @Override
    public boolean delete(SessionId id) {
        boolean deleted;
        try {
            deleted = store.delete(id);
        } finally {
            cache.invalidate(id);
        }
        if (deleted) {
            barrier.await();
        }
        return deleted;
    }

    @Override
    public List<Session> findByUser(String userKey) {
        return store.findByUser(userKey);
    }

    /** Deletes, and returns once no node's near cache can serve any of the sessions any more. */
    @Override
    public int deleteByUser(String userKey) {
        int deleted = store.deleteByUser(userKey, member -> SessionId.parse(member).ifPresent(cache::invalidate));
        if (deleted > 0) {
            barrier.await();
        }
        return deleted;
    }

    @Override
    public <T> Optional<T> ability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : store.ability(type);
    }

    /** The near cache, for metrics. */
    NearCache cache() {
        return cache;
    }

    /** The revocation barrier, for metrics. */
    RevocationBarrier barrier() {
        return barrier;
    }

    /** The store behind the cache. */
    RedisSessionStore redis() {
        return store;
    }

    /**
     * Its gauges and the store's behind it: under {@code sessionauth.store.redis.near-cache.} the
     * cache's hits, misses, invalidations, size, whether it is tracking and listening, the
     * revocation barrier's timeouts and the flushes by cause.
     */
    void registerMetrics(MetricRegistry metrics) {
        store.registerMetrics(metrics);
        String name = "sessionauth.store.redis.near-cache.";
        metrics.registerGauge(name + "hits", cache::hits);
        metrics.registerGauge(name + "misses", cache::misses);
        metrics.registerGauge(name + "invalidations", cache::invalidations);
        metrics.registerGauge(name + "size", cache::size);
        metrics.registerGauge(name + "tracking", () -> cache.tracking() ? 1 : 0);
        metrics.registerGauge(name + "listening", () -> cache.listening() ? 1 : 0);
        metrics.registerGauge(name + "revocation-timeouts", barrier::timeouts);
        for (NearCache.Flush cause : NearCache.Flush.values()) {
            metrics.registerGauge(name + "flushes." + cause.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                () -> cache.flushes(cause));
        }
    }

    @Override
    public void close() {
        barrier.close();
        tracking.close();
        store.close();
    }
}
