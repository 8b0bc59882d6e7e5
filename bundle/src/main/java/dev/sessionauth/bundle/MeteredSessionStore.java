package dev.sessionauth.bundle;

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
        this.find = metrics.timer(name(type, "find"));
        this.save = metrics.timer(name(type, "save"));
        this.touch = metrics.timer(name(type, "touch"));
        this.replace = metrics.timer(name(type, "replace"));
        this.delete = metrics.timer(name(type, "delete"));
        this.findByUser = metrics.timer(name(type, "findByUser"));
        this.deleteByUser = metrics.timer(name(type, "deleteByUser"));
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
