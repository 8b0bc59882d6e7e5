package dev.sessionauth.store.caffeine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.StaleSessionException;
import dev.sessionauth.store.UserIndex;
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
final class CaffeineSessionStore implements SessionStore {

    private record Entry(Session session, long ttlNanos) {}

    private final Cache<SessionId, Entry> cache;
    private final ConcurrentMap<SessionId, Entry> sessions;
    private final UserIndex sessionsByUser = new UserIndex();
    private final LongAdder sizeEvictions = new LongAdder();

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
    }

    @Override
    public Optional<Session> find(SessionId id) {
        Entry entry = cache.getIfPresent(id);
        return entry == null ? Optional.empty() : Optional.of(entry.session());
    }

    @Override
    public Session save(Session session, Duration ttl) {
        long ttlNanos = positiveNanos(ttl);
        Session stored = session.withVersion(session.version() + 1);
        sessions.compute(session.id(), (id, current) -> {
            long storedVersion = current == null ? 0 : current.session().version();
            if (storedVersion != session.version()) {
                throw new StaleSessionException(current != null
                    ? "session was changed since it was read"
                    : "session was deleted or expired since it was read");
            }
            if (current != null && current.session().userId() != stored.userId()) {
                unindex(current.session());
            }
            sessionsByUser.add(stored.userId(), stored.id());
            return new Entry(stored, ttlNanos);
        });
        return stored;
    }

    @Override
    public boolean touch(SessionId id, Instant lastSeenAt, Duration ttl) {
        long ttlNanos = positiveNanos(ttl);
        return sessions.computeIfPresent(id,
            (key, entry) -> new Entry(entry.session().withLastSeenAt(lastSeenAt), ttlNanos)) != null;
    }

    @Override
    public boolean delete(SessionId id) {
        boolean[] deleted = new boolean[1];
        sessions.computeIfPresent(id, (key, entry) -> {
            unindex(entry.session());
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    @Override
    public List<Session> findByUser(long userId) {
        return sessionsByUser.liveSessionsOf(userId, this::find);
    }

    @Override
    public int deleteByUser(long userId) {
        int deleted = 0;
        for (SessionId id : sessionsByUser.sessionsOf(userId)) {
            boolean[] removed = new boolean[1];
            sessions.computeIfPresent(id, (key, entry) -> {
                if (entry.session().userId() != userId) {
                    return entry;
                }
                unindex(entry.session());
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

    private void evicted(SessionId id, Entry entry, RemovalCause cause) {
        if (entry != null) {
            unindex(entry.session());
        }
        if (cause == RemovalCause.SIZE) {
            sizeEvictions.increment();
        }
    }

    private void unindex(Session session) {
        sessionsByUser.remove(session.userId(), session.id());
    }

    private static long positiveNanos(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        return ttl.toNanos();
    }

    /** Each entry lives for the TTL it was last saved or touched with; reading does not extend it. */
    private static final class PerSessionExpiry implements Expiry<SessionId, Entry> {

        @Override
        public long expireAfterCreate(SessionId id, Entry entry, long currentTime) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(SessionId id, Entry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos();
        }

        @Override
        public long expireAfterRead(SessionId id, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
