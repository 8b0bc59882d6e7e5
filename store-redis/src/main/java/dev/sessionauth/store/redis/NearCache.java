package dev.sessionauth.store.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Sessions read from Redis, kept in this process for as long as Redis promises to say when they
 * change (server-assisted client-side caching: {@code CLIENT TRACKING} on the store's connection,
 * invalidations pushed on that same connection). {@link RedisTracking} tells it what the
 * connection does; {@link NearCachedSessionStore} reads and fills it.
 *
 * <p>Three rules keep it from ever serving an entry whose invalidation it could have missed:
 * <ol>
 *   <li><b>Fills race invalidations safely.</b> A fill registers a pending token for its key
 *       before its GET is sent, and installs the value only if the token is still there, in one
 *       atomic step on the key ({@link #complete}). Any invalidation of the key processed after
 *       the token was registered removes it (and any entry), in an atomic step on the same key.
 *       Redis tracks the key when it runs the GET and invalidates it for any later write, so
 *       either the invalidation comes first and the fill is dropped, or the fill comes first and
 *       the invalidation removes it.</li>
 *   <li><b>An epoch per stretch of trusted tracking.</b> Every entry and fill carries the epoch
 *       it was read in. Losing the connection, a failed heartbeat or a flush by Redis
 *       ({@code FLUSHALL}) starts a new epoch: older entries are misses from then on and older
 *       fills are dropped, whatever order threads run in; the cache is also emptied.</li>
 *   <li><b>Bypassed until tracking is proved again.</b> After a loss nothing is read from or put
 *       into the cache until {@code CLIENT TRACKING ON} has been answered on the new connection
 *       within the current epoch, and a hit is served only while the connection answered a
 *       heartbeat recently ({@code maxSilence}): a connection that silently stopped delivering
 *       invalidations (a partition without a reset) stops serving hits within that bound.</li>
 * </ol>
 * Thread-safe.
 */
final class NearCache {

    /** Why the cache was emptied. */
    enum Flush {
        /** A connection was lost: invalidations sent meanwhile never arrived. */
        DISCONNECTED,
        /** A heartbeat went unanswered: the connection may have stopped delivering. */
        HEARTBEAT_MISSED,
        /** Redis said every key changed ({@code FLUSHALL}, {@code FLUSHDB}). */
        REDIS_FLUSHED,
        /** The cluster's slots moved between nodes, or its nodes changed. */
        TOPOLOGY_CHANGED
    }

    /**
     * A cached session (null: cached as absent), its idle expiry by the service's clock, the epoch
     * it was read in. The session is held directly, not in an Optional: one pointer fewer to
     * follow on every hit, which counts once the cache outgrows the CPU's caches.
     */
    private record Entry(Session session, long expiresAt, long epoch) {
    }

    /** Hears what happens to the cache, for tests that wait on it instead of on time. */
    interface Listener {

        /** Redis's invalidation of {@code id} was applied. */
        default void invalidated(String id) {
        }

        /** The cache was emptied for {@code cause}. */
        default void flushed(Flush cause) {
        }

        /** Tracking was confirmed: the cache serves again. */
        default void tracked() {
        }

        /** This node started or stopped taking part in revocation rounds. */
        default void listening(boolean listening) {
        }
    }

    /** A fill in progress. */
    record Fill(SessionId id, Object token, long epoch) {
    }

    private final Cache<SessionId, Entry> entries;
    private final Map<SessionId, Object> pending = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final LongSupplier nanoTime;
    private final long maxSilenceNanos;
    private volatile boolean tracking;
    /** Whether this node takes part in revocation rounds ({@link RevocationBarrier}). */
    private volatile boolean listening;
    private volatile long lastHeard;
    private volatile Listener listener = new Listener() { };
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final Map<Flush, LongAdder> flushes = new EnumMap<>(Flush.class);

    /**
     * @param maximumSize the most sessions kept
     * @param maxAge      how long an entry is kept at most, however quiet Redis is about it
     * @param maxSilence  how long after the connection last answered a heartbeat hits are still served
     * @param nanoTime    the monotonic time heartbeats are measured by
     */
    NearCache(long maximumSize, Duration maxAge, Duration maxSilence, LongSupplier nanoTime) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maxAge).build();
        this.maxSilenceNanos = maxSilence.toNanos();
        this.nanoTime = nanoTime;
        for (Flush cause : Flush.values()) {
            flushes.put(cause, new LongAdder());
        }
    }

    /**
     * The cached session {@code id} names, if it may be served: tracking is on, the connection
     * answered lately, and the entry was read in this epoch. Empty optional inside means "cached
     * as absent"; null means a miss.
     */
    Optional<Session> hit(SessionId id, long nowMillis) {
        Entry entry = trusted() ? entries.getIfPresent(id) : null;
        if (entry == null || entry.epoch() != epoch.get()) {
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.expiresAt() > nowMillis ? Optional.ofNullable(entry.session()) : Optional.empty();
    }

    /** Starts a fill of {@code id}; null when the cache is bypassed (nothing will be kept). */
    Fill begin(SessionId id) {
        if (!trusted()) {
            return null;
        }
        Object token = new Object();
        long current = epoch.get();
        pending.put(id, token);
        return new Fill(id, token, current);
    }

    /**
     * Installs what the fill read, unless the key was invalidated or the epoch changed since it
     * began; atomic with {@link #invalidate} on the same key.
     */
    void complete(Fill fill, Optional<Session> session, long expiresAt) {
        entries.asMap().compute(fill.id(), (id, old) -> {
            boolean current = pending.remove(id, fill.token()) && fill.epoch() == epoch.get() && tracking;
            return current ? new Entry(session.orElse(null), expiresAt, fill.epoch()) : old;
        });
    }

    /** Forgets a fill that failed. */
    void abandon(Fill fill) {
        pending.remove(fill.id(), fill.token());
    }

    /** Drops {@code id}: changed here, or Redis said it changed. */
    void invalidate(SessionId id) {
        entries.asMap().compute(id, (key, old) -> {
            pending.remove(key);
            return null;
        });
    }

    /** Redis said the session {@code id} names changed. */
    void invalidated(SessionId id) {
        invalidations.increment();
        invalidate(id);
        listener.invalidated(id.value());
    }

    /** The current epoch, to hand to {@link #tracked} once tracking is confirmed. */
    long epoch() {
        return epoch.get();
    }

    /**
     * Tracking was confirmed on the connection, asked for at {@code askedAt} (nanoTime) in
     * {@code askedInEpoch}: serve again, unless something was lost since it was asked.
     */
    void tracked(long askedInEpoch, long askedAt) {
        synchronized (epoch) {
            if (epoch.get() != askedInEpoch) {
                return;
            }
            lastHeard = askedAt;
            tracking = true;
        }
        listener.tracked();
    }

    /** The connection answered a heartbeat sent at {@code sentAt} (nanoTime) in {@code sentInEpoch}. */
    void heard(long sentAt, long sentInEpoch) {
        if (epoch.get() == sentInEpoch && sentAt - lastHeard > 0) {
            lastHeard = sentAt;
        }
    }

    /** How long after the connection last answered a heartbeat hits are still served. */
    Duration maxSilence() {
        return Duration.ofNanos(maxSilenceNanos);
    }

    /** Now, by the monotonic time heartbeats are measured by. */
    long nanoTime() {
        return nanoTime.getAsLong();
    }

    /**
     * Whether a hit may be served and a fill kept: tracking confirmed, the connection heard lately,
     * and this node taking part in revocation rounds.
     */
    boolean trusted() {
        return tracking && listening && nanoTime.getAsLong() - lastHeard < maxSilenceNanos;
    }

    /**
     * Whether this node takes part in revocation rounds: while it does not, a node that revokes a
     * session does not wait for this one, so nothing is served here.
     */
    void listening(boolean listening) {
        this.listening = listening;
        listener.listening(listening);
    }

    /** Whether this node takes part in revocation rounds. */
    boolean listening() {
        return listening;
    }

    /** Whether tracking is confirmed in this epoch (heartbeats aside). */
    boolean tracking() {
        return tracking;
    }

    /**
     * Something may have been lost: a new epoch starts, nothing is served or kept until tracking
     * is confirmed again, and the cache is emptied.
     */
    void lost(Flush cause) {
        synchronized (epoch) {
            tracking = false;
            epoch.incrementAndGet();
        }
        flushes.get(cause).increment();
        pending.clear();
        entries.invalidateAll();
        listener.flushed(cause);
    }

    /** Redis flushed every key: every entry and fill so far is dropped; tracking itself is intact. */
    void flushedByRedis() {
        epoch.incrementAndGet();
        flushes.get(Flush.REDIS_FLUSHED).increment();
        pending.clear();
        entries.invalidateAll();
        listener.flushed(Flush.REDIS_FLUSHED);
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    long invalidations() {
        return invalidations.sum();
    }

    long flushes(Flush cause) {
        return flushes.get(cause).sum();
    }

    long size() {
        return entries.estimatedSize();
    }

    /** For tests: hears invalidations, flushes and tracking, each after it was applied. */
    void listen(Listener listener) {
        this.listener = listener;
    }
}
