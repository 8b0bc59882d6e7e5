package dev.sessionauth.bundle;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Wraps any store with a timer per operation, {@code sessionauth.store.<type>.<operation>} (so the
 * figures of one store are never mixed with another's), visible on the admin port. Failures are timed too and rethrown unchanged. Thread-safe if the store is.
 */
final class MeteredSessionStore implements SessionStore {

    private final SessionStore store;
    private final Timer find;
    private final Timer save;
    private final Timer touch;
    private final Timer replace;
    private final Timer delete;
    private final Timer findByUser;
    private final Timer deleteByUser;

    /** @param type the store's configured {@code type}, such as {@code redis} */
    MeteredSessionStore(SessionStore store, String type, MetricRegistry metrics) {
        this.store = store;
        this.find = timer(metrics, type, "find");
        this.save = timer(metrics, type, "save");
        this.touch = timer(metrics, type, "touch");
        this.replace = timer(metrics, type, "replace");
        this.delete = timer(metrics, type, "delete");
        this.findByUser = timer(metrics, type, "findByUser");
        this.deleteByUser = timer(metrics, type, "deleteByUser");
    }

    /**
     * A timer whose reservoir takes no lock: {@code find} is timed on every request, and the default
     * reservoir's read-write lock is contended by every thread that records.
     */
    private static Timer timer(MetricRegistry metrics, String type, String operation) {
        return metrics.timer(name(type, operation),
            () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build()));
    }

    /** The metric name of an operation's timer. */
    public static String name(String type, String operation) {
        return MetricRegistry.name("sessionauth.store", type, operation);
    }

    @Override
    public Optional<Session> find(SessionId id) {
        try (Timer.Context ignored = find.time()) {
            return store.find(id);
        }
    }

    @Override
    public Session save(Session session, Duration ttl) {
        try (Timer.Context ignored = save.time()) {
            return store.save(session, ttl);
        }
    }

    @Override
    public boolean touch(SessionId id, Instant lastSeenAt, Duration ttl) {
        try (Timer.Context ignored = touch.time()) {
            return store.touch(id, lastSeenAt, ttl);
        }
    }

    @Override
    public Optional<Session> replace(SessionId predecessor, Session successor, Duration ttl) {
        try (Timer.Context ignored = replace.time()) {
            return store.replace(predecessor, successor, ttl);
        }
    }

    @Override
    public boolean delete(SessionId id) {
        try (Timer.Context ignored = delete.time()) {
            return store.delete(id);
        }
    }

    @Override
    public List<Session> findByUser(String userKey) {
        try (Timer.Context ignored = findByUser.time()) {
            return store.findByUser(userKey);
        }
    }

    @Override
    public int deleteByUser(String userKey) {
        try (Timer.Context ignored = deleteByUser.time()) {
            return store.deleteByUser(userKey);
        }
    }

    /** The wrapped store's abilities. */
    @Override
    public <T> Optional<T> ability(Class<T> type) {
        return store.ability(type);
    }

    /** Does nothing: the wrapped store belongs to whoever built it (the bundle's lifecycle). */
    @Override
    public void close() {
    }
}
