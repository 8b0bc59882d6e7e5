package dev.sessionauth.store.memory;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sessions in a {@link ConcurrentHashMap}, each with its own expiry instant, plus a per-user index;
 * and the claimed one-time tokens ({@link OneTimeTokens}), at most {@value #MAX_CLAIMED_TOKENS}.
 *
 * <p>Sessions are immutable, so what is stored can never be changed through an object a caller
 * holds: storing and returning the same instance already has the copy semantics of a remote store.
 * Expired entries are dropped lazily when read and by a periodic sweep on one daemon thread, which
 * {@link #close()} stops. Thread-safe: every change to an entry is one atomic map operation.
 */
final class MemorySessionStore implements SessionStore, OneTimeTokens, InProcess {

    /** A session and when it expires, in epoch milliseconds: a long, not an {@code Instant}, per entry. */
    private record Entry(Session session, long expiresAtMillis) {
        Entry(Session session, Instant expiresAt) {
            this(session, expiresAt.toEpochMilli());
        }

        boolean isLive(Instant now) {
            return now.toEpochMilli() < expiresAtMillis;
        }
    }

    /** One-time tokens remembered at most; beyond it the oldest claims make room. */
    static final int MAX_CLAIMED_TOKENS = 100_000;

    private final Map<SessionId, Entry> sessions = new ConcurrentHashMap<>();
    private final UserIndex sessionsByUser = new UserIndex();
    private final ClientStrings clientStrings = new ClientStrings();
    private final ClaimedTokens claimedTokens;
    private final Clock clock;
    private final ScheduledExecutorService sweeper;
    private volatile Runnable afterSweep = () -> { };

    MemorySessionStore(Clock clock, Duration sweepInterval) {
        this.clock = clock;
        this.claimedTokens = new ClaimedTokens(clock, MAX_CLAIMED_TOKENS);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "memory-session-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long millis = sweepInterval.toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            sweep();
            afterSweep.run();
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** For tests: runs after each scheduled sweep, on the sweeper thread. */
    void afterEachScheduledSweep(Runnable listener) {
        this.afterSweep = listener;
    }

    @Override
    public boolean claim(String token, Duration ttl) {
        return claimedTokens.claim(token, ttl);
    }

    @Override
    public Optional<Session> find(SessionId id) {
        Entry entry = sessions.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.isLive(clock.instant())) {
            if (sessions.remove(id, entry)) {
                unindex(entry.session());
            }
            return Optional.empty();
        }
        return Optional.of(entry.session());
    }

    @Override
    public Session save(Session session, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        Session stored = sessionsByUser.share(clientStrings.share(session.withVersion(session.version() + 1)));
        Entry[] replaced = new Entry[1];
        sessions.compute(session.id(), (id, current) -> {
            boolean live = current != null && current.isLive(now);
            long storedVersion = live ? current.session().version() : 0;
            if (storedVersion != session.version()) {
                throw new StaleSessionException(live
                    ? "session was changed since it was read"
                    : "session was deleted or expired since it was read");
            }
            replaced[0] = current;
            return new Entry(stored, now.plus(ttl));
        });
        if (replaced[0] != null && !replaced[0].session().userKey().equals(stored.userKey())) {
            unindex(replaced[0].session());
        }
        sessionsByUser.add(stored.userKey(), stored.id());
        return stored;
    }

    @Override
    public boolean touch(SessionId id, Instant lastSeenAt, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        boolean[] touched = new boolean[1];
        Entry[] expired = new Entry[1];
        sessions.computeIfPresent(id, (key, entry) -> {
            if (!entry.isLive(now)) {
                expired[0] = entry;
                return null;
            }
            touched[0] = true;
            return new Entry(entry.session().withLastSeenAt(lastSeenAt), now.plus(ttl));
        });
        if (expired[0] != null) {
            unindex(expired[0].session());
        }
        return touched[0];
    }

    @Override
    public Optional<Session> replace(SessionId predecessor, Session successor, Duration ttl) {
        SessionStore.requireSuccessor(predecessor, successor, ttl);
        return sessionsByUser.exclusively(successor.userKey(), () -> {
            Entry removed = sessions.remove(predecessor);
            if (removed == null) {
                return Optional.empty();
            }
            unindex(removed.session());
            if (!removed.isLive(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(save(successor, ttl));
        });
    }

    @Override
    public boolean delete(SessionId id) {
        Entry removed = sessions.remove(id);
        if (removed == null) {
            return false;
        }
        unindex(removed.session());
        return removed.isLive(clock.instant());
    }

    @Override
    public List<Session> findByUser(String userKey) {
        return sessionsByUser.liveSessionsOf(userKey, this::find);
    }

    @Override
    public int deleteByUser(String userKey) {
        return sessionsByUser.exclusively(userKey, () -> {
            Set<SessionId> ids = sessionsByUser.removeUser(userKey);
            Instant now = clock.instant();
            int deleted = 0;
            for (SessionId id : ids) {
                Entry removed = sessions.remove(id);
                if (removed != null && removed.isLive(now)) {
                    deleted++;
                }
            }
            return deleted;
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** Drops every expired entry; runs on the sweeper thread, callable directly by tests. */
    void sweep() {
        Instant now = clock.instant();
        sessions.forEach((id, entry) -> {
            if (!entry.isLive(now) && sessions.remove(id, entry)) {
                unindex(entry.session());
            }
        });
        claimedTokens.sweep();
    }

    /** How many entries are held, expired or not; for tests. */
    int size() {
        return sessions.size();
    }

    private void unindex(Session session) {
        sessionsByUser.remove(session.userKey(), session.id());
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }
}
