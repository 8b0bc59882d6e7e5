package dev.sessionauth.store.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.StaleSessionException;
import dev.sessionauth.store.ability.ClaimedTokens;
import dev.sessionauth.store.ability.InProcess;
import dev.sessionauth.store.ability.OneTimeTokens;
import dev.sessionauth.store.support.ClientStrings;
import dev.sessionauth.store.support.UserIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sessions in a bounded Caffeine cache, each entry expiring after its own time to live, plus a
 * per-user index.
 *
 * <p>Time is the injected {@link Clock}, read through a {@link Ticker}, so tests move it by hand.
 * When the cache is full, Caffeine evicts the sessions it judges least likely to be used again:
 * those users are logged out, and {@link #sizeEvictions()} counts them so an operator can see that
 * {@code maximumSize} is too small.
 *
 * <p>The per-user index never outlives the cache: every change to it happens inside the atomic
 * operation on the session's entry (the compute of a save or delete, or the eviction listener,
 * which Caffeine runs inside the removal), so an entry and its index membership come and go
 * together. Thread-safe.
 */
final class CaffeineSessionStore implements SessionStore, OneTimeTokens, InProcess {

    private final Cache<SessionId, Session> cache;
    private final ConcurrentMap<SessionId, Session> sessions;
    // Every write that sets a lifetime goes through here with its TTL, so an entry is the session
    // itself, with no wrapper carrying the TTL for the Expiry to read (24 bytes per session).
    private final Policy.VarExpiration<SessionId, Session> lifetimes;
    private final UserIndex sessionsByUser = new UserIndex();
    private final ClientStrings clientStrings = new ClientStrings();
    private final LongAdder sizeEvictions = new LongAdder();
    private final ClaimedTokens claimedTokens;

    /**
     * @param executor where Caffeine runs its maintenance (evictions); {@code Runnable::run} makes
     *                 it happen on the caller's thread, for tests
     */
    CaffeineSessionStore(Clock clock, long maximumSize, Executor executor) {
        long origin = clock.millis();
        this.cache = Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(new PerSessionExpiry())
            .ticker(() -> Duration.ofMillis(clock.millis() - origin).toNanos())
            .scheduler(Scheduler.systemScheduler())
            .executor(executor)
            .evictionListener(this::evicted)
            .recordStats()
            .build();
        this.sessions = cache.asMap();
        this.lifetimes = cache.policy().expireVariably().orElseThrow();
        // Bounded like the sessions: expired claims are dropped when it fills up.
        this.claimedTokens = new ClaimedTokens(clock, (int) Math.min(maximumSize, Integer.MAX_VALUE));
    }

    @Override
    public boolean claim(String token, Duration ttl) {
        return claimedTokens.claim(token, ttl);
    }

    @Override
    public Optional<Session> find(SessionId id) {
        return Optional.ofNullable(cache.getIfPresent(id));
    }

    @Override
    public Session save(Session session, Duration ttl) {
        requirePositive(ttl);
        Session stored = sessionsByUser.share(clientStrings.share(session.withVersion(session.version() + 1)));
        lifetimes.compute(session.id(), (id, current) -> {
            long storedVersion = current == null ? 0 : current.version();
            if (storedVersion != session.version()) {
                throw new StaleSessionException(current != null
                    ? "session was changed since it was read"
                    : "session was deleted or expired since it was read");
            }
            if (current != null && !current.userKey().equals(stored.userKey())) {
                unindex(current);
            }
            sessionsByUser.add(stored.userKey(), stored.id());
            return stored;
        }, ttl);
        return stored;
    }

    @Override
    public boolean touch(SessionId id, Instant lastSeenAt, Duration ttl) {
        requirePositive(ttl);
        return lifetimes.compute(id,
            (key, current) -> current == null ? null : current.withLastSeenAt(lastSeenAt), ttl) != null;
    }

    @Override
    public Optional<Session> replace(SessionId predecessor, Session successor, Duration ttl) {
        SessionStore.requireSuccessor(predecessor, successor, ttl);
        return sessionsByUser.exclusively(successor.userKey(),
            () -> delete(predecessor) ? Optional.of(save(successor, ttl)) : Optional.empty());
    }

    @Override
    public boolean delete(SessionId id) {
        boolean[] deleted = new boolean[1];
        sessions.computeIfPresent(id, (key, current) -> {
            unindex(current);
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    @Override
    public List<Session> findByUser(String userKey) {
        return sessionsByUser.liveSessionsOf(userKey, this::find);
    }

    @Override
    public int deleteByUser(String userKey) {
        return sessionsByUser.exclusively(userKey, () -> deleteAllOf(userKey));
    }

    private int deleteAllOf(String userKey) {
        int deleted = 0;
        for (SessionId id : sessionsByUser.sessionsOf(userKey)) {
            boolean[] removed = new boolean[1];
            sessions.computeIfPresent(id, (key, current) -> {
                if (!current.userKey().equals(userKey)) {
                    return current;
                }
                unindex(current);
                removed[0] = true;
                return null;
            });
            if (removed[0]) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Drops every session and the index; the cache owns no thread to stop. Idempotent. */
    @Override
    public void close() {
        cache.invalidateAll();
        sessionsByUser.clear();
    }

    /** Hits, misses and evictions since start; for metrics. */
    CacheStats stats() {
        return cache.stats();
    }

    /** How many sessions are held, approximately. */
    long estimatedSize() {
        return cache.estimatedSize();
    }

    /** How many live sessions were evicted to stay within the maximum size. */
    long sizeEvictions() {
        return sizeEvictions.sum();
    }

    /** Runs pending evictions now; for tests. */
    void cleanUp() {
        cache.cleanUp();
    }

    /** How many sessions the per-user index holds; equals the cache's size once cleaned up. */
    int indexedSessions() {
        return sessionsByUser.size();
    }

    private void evicted(SessionId id, Session session, RemovalCause cause) {
        if (session != null) {
            unindex(session);
        }
        if (cause == RemovalCause.SIZE) {
            sizeEvictions.increment();
        }
    }

    private void unindex(Session session) {
        sessionsByUser.remove(session.userKey(), session.id());
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }

    /**
     * Each entry lives for the TTL it was last saved or touched with, which those writes set
     * explicitly ({@link Policy.VarExpiration#compute}); reading does not extend it, nor does an
     * update that keeps the session as it was. An entry created any other way would expire at once:
     * there is no such write.
     */
    private static final class PerSessionExpiry implements Expiry<SessionId, Session> {

        @Override
        public long expireAfterCreate(SessionId id, Session session, long currentTime) {
            return 0;
        }

        @Override
        public long expireAfterUpdate(SessionId id, Session session, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(SessionId id, Session session, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
