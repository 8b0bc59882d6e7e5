package dev.sessionauth.store.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.support.FillGuard;
import dev.sessionauth.store.support.FillGuard.Fill;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
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
 *   <li><b>Fills race invalidations safely</b> ({@link FillGuard}). A fill registers a pending
 *       token for its key before its GET is sent, and installs the value only if the token is
 *       still there, in one atomic step on the key ({@link #complete}). Redis tracks the key when
 *       it runs the GET and invalidates it for any later write, so either the invalidation comes
 *       first and the fill is dropped, or the fill comes first and the invalidation removes
 *       it.</li>
 *   <li><b>An epoch per stretch of trusted tracking</b> ({@link FillGuard}). Losing the
 *       connection, a failed heartbeat or a flush by Redis ({@code FLUSHALL}) starts a new epoch
 *       and empties the cache: no entry read before a loss outlives it, and a hit needs no epoch
 *       of its own to compare.</li>
 *   <li><b>Bypassed until tracking is proved again.</b> After a loss nothing is read from or put
 *       into the cache until {@code CLIENT TRACKING ON} has been answered on the new connection
 *       within the current epoch (which, taking the same lock, cannot happen before the emptying
 *       finished), and a hit is served only while the connection answered a heartbeat recently
 *       ({@code maxSilence}, checked every eighth of it by a thread of its own): a connection
 *       that silently stopped delivering invalidations (a partition without a reset, or a stalled
 *       event loop) stops serving hits within that bound and one check.</li>
 * </ol>
 * An entry is the session itself (or a marker for "absent"), with its lifetime kept by Caffeine
 * by the service's clock: the idle expiry Redis holds for it, and at most {@code maxAge}. A hit is
 * one volatile read and one Caffeine lookup, with no wrapper to follow and no clock read of its
 * own, so it costs about what the caffeine store's lookup does.
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

    /** The entry of a session Redis said does not exist: cached until the key is written. */
    private static final Object ABSENT = new Object();

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

    /** Sessions, and {@link #ABSENT} for sessions Redis said do not exist. */
    private final Cache<SessionId, Object> entries;
    private final Policy.VarExpiration<SessionId, Object> lifetimes;
    private final FillGuard<SessionId> fills = new FillGuard<>();
    private final Clock clock;
    private final Duration maxAge;
    private final LongSupplier nanoTime;
    private final long maxSilenceNanos;
    /**
     * {@code tracking && listening} and a ping answered within {@code maxSilence}, the one field a
     * hit reads: recomputed under {@link #trust} whenever one of them changes, and by
     * {@link #checkSilence}. A hit reads no clock of its own: a
     * clock read is a serializing instruction, which on a lookup that misses the CPU's caches
     * costs several times the read itself; {@link #checkSilence} keeps the silence.
     */
    private volatile boolean trusted;
    private final Object trust = new Object();
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
     * @param maxSilence  how long after the ping last answered was sent hits are still served,
     *                    checked every eighth of it ({@link #checkSilence})
     * @param nanoTime    the monotonic time heartbeats are measured by
     * @param clock       the service's clock, which idle expiry and {@code maxAge} are measured by
     */
    NearCache(long maximumSize, Duration maxAge, Duration maxSilence, LongSupplier nanoTime, Clock clock) {
        long origin = clock.millis();
        this.entries = Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(new SetOnInstall())
            .ticker(() -> Duration.ofMillis(clock.millis() - origin).toNanos())
            .build();
        this.lifetimes = entries.policy().expireVariably().orElseThrow();
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxSilenceNanos = maxSilence.toNanos();
        this.nanoTime = nanoTime;
        for (Flush cause : Flush.values()) {
            flushes.put(cause, new LongAdder());
        }
    }

    /**
     * The cached session {@code id} names, if it may be served: tracking is on, the connection
     * answered lately, and the entry has not expired. Empty optional inside means "cached as
     * absent"; null means a miss.
     */
    Optional<Session> hit(SessionId id) {
        Object entry = trusted() ? entries.getIfPresent(id) : null;
        if (entry == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return entry == ABSENT ? Optional.empty() : Optional.of((Session) entry);
    }

    /** Starts a fill of {@code id}; null when the cache is bypassed (nothing will be kept). */
    Fill<SessionId> begin(SessionId id) {
        return trusted() ? fills.begin(id) : null;
    }

    /**
     * Installs what the fill read, to be kept until {@code expiresAt} (the idle expiry Redis holds,
     * by the service's clock; ignored for an absent session) and at most {@code maxAge}, unless
     * the key was invalidated or the epoch changed since the fill began; atomic with
     * {@link #invalidate} on the same key. A fill that finds its token gone before it starts (a
     * later fill of the same key completed first) leaves that fill's entry alone; one that finds
     * it gone in the atomic step removes whatever is there, which is never wrong for a cache.
     */
    void complete(Fill<SessionId> fill, Optional<Session> session, long expiresAt) {
        Duration keep = session.isEmpty() ? maxAge : min(Duration.ofMillis(expiresAt - clock.millis()), maxAge);
        if (!fills.pending(fill) || keep.compareTo(Duration.ZERO) <= 0) {
            abandon(fill);
            return;
        }
        Object entry = session.isEmpty() ? ABSENT : session.get();
        fills.installing(() ->
            lifetimes.compute(fill.key(), (id, old) -> fills.claim(fill) && tracking ? entry : null, keep));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Forgets a fill that failed. */
    void abandon(Fill<SessionId> fill) {
        fills.abandon(fill);
    }

    /** Drops {@code id}: changed here, or Redis said it changed. */
    void invalidate(SessionId id) {
        entries.asMap().compute(id, (key, old) -> {
            fills.invalidated(key);
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
        return fills.epoch();
    }

    /**
     * Tracking was confirmed on the connection, asked for at {@code askedAt} (nanoTime) in
     * {@code askedInEpoch}: serve again, unless something was lost since it was asked.
     */
    void tracked(long askedInEpoch, long askedAt) {
        boolean confirmed = fills.ifEpoch(askedInEpoch, () -> {
            synchronized (trust) {
                lastHeard = askedAt;
                tracking = true;
                retrust();
            }
        });
        if (confirmed) {
            listener.tracked();
        }
    }

    /** The connection answered a heartbeat sent at {@code sentAt} (nanoTime) in {@code sentInEpoch}. */
    void heard(long sentAt, long sentInEpoch) {
        synchronized (trust) {
            if (fills.epoch() == sentInEpoch && sentAt - lastHeard > 0) {
                lastHeard = sentAt;
            }
            retrust();
        }
    }

    /**
     * Stops hits once the ping last answered was sent {@code maxSilence} ago or more; run every
     * {@link #silenceCheck} by a thread of its own ({@link RedisTracking}), not by the event
     * loop that delivers invalidations and answers pings, so a stalled loop cannot stall it.
     */
    void checkSilence() {
        synchronized (trust) {
            retrust();
        }
    }

    /** Recomputes {@link #trusted}; under {@link #trust}. */
    private void retrust() {
        trusted = tracking && listening && nanoTime.getAsLong() - lastHeard < maxSilenceNanos;
    }

    /** How often {@link #checkSilence} runs: an eighth of {@code maxSilence}. */
    Duration silenceCheck() {
        return Duration.ofNanos(maxSilenceNanos / 8);
    }

    /**
     * The longest after a delete that a node which did not confirm it may still serve the
     * session: {@code maxSilence} after its last answered ping, one {@link #silenceCheck} for
     * the check to see it, and three more for that check to be scheduled late (750 ms at the
     * default heartbeat of 1 s): one and a half {@code maxSilence} in all.
     */
    Duration servingBound() {
        return Duration.ofNanos(maxSilenceNanos + maxSilenceNanos / 2);
    }

    /** Now, by the monotonic time heartbeats are measured by. */
    long nanoTime() {
        return nanoTime.getAsLong();
    }

    /**
     * Whether a hit may be served and a fill kept: tracking confirmed, the connection heard lately
     * (as of the last {@link #checkSilence}), and this node taking part in revocation rounds.
     */
    boolean trusted() {
        return trusted;
    }

    /**
     * Whether this node takes part in revocation rounds: while it does not, a node that revokes a
     * session does not wait for this one, so nothing is served here.
     */
    void listening(boolean listening) {
        synchronized (trust) {
            this.listening = listening;
            retrust();
        }
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
        newEpoch(cause, true);
    }

    /** Redis flushed every key: every entry and fill so far is dropped; tracking itself is intact. */
    void flushedByRedis() {
        newEpoch(Flush.REDIS_FLUSHED, false);
    }

    private void newEpoch(Flush cause, boolean untracked) {
        fills.newEpoch(() -> {
            if (untracked) {
                synchronized (trust) {
                    tracking = false;
                    retrust();
                }
            }
            entries.invalidateAll();
        });
        flushes.get(cause).increment();
        listener.flushed(cause);
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

    /**
     * Lifetimes are set by each install ({@link #complete}, through {@link Policy.VarExpiration}):
     * nothing else writes an entry, and reads leave the lifetime as it is.
     */
    private static final class SetOnInstall implements Expiry<SessionId, Object> {

        @Override
        public long expireAfterCreate(SessionId id, Object entry, long currentTime) {
            return 0;
        }

        @Override
        public long expireAfterUpdate(SessionId id, Object entry, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(SessionId id, Object entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
