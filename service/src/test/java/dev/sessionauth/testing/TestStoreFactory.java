package dev.sessionauth.testing;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.SessionStoreFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code type: test}: wraps any configured store ({@code delegate}) for tests.
 * <ul>
 *   <li>While {@link #DOWN} is set, every operation fails with {@link SessionStoreException}, as a
 *       store whose backend went away.</li>
 *   <li>While {@link #DELETED_BEFORE_TOUCH} is set, a touch finds its session deleted, as if a
 *       logout on another node had landed between a request's lookup and its touch.</li>
 *   <li>Applications in this JVM configured with the same {@code shareAs} get one store instance:
 *       several nodes sharing one store.</li>
 * </ul>
 */
@JsonTypeName("test")
public class TestStoreFactory implements SessionStoreFactory {

    /** While true, every store operation fails. */
    public static final AtomicBoolean DOWN = new AtomicBoolean();

    /** While true, every touch deletes its session first. */
    public static final AtomicBoolean DELETED_BEFORE_TOUCH = new AtomicBoolean();

    private static final Map<String, SessionStore> SHARED = new ConcurrentHashMap<>();

    @Valid
    @NotNull
    private SessionStoreFactory delegate;

    private String shareAs;

    @JsonProperty
    public SessionStoreFactory getDelegate() {
        return delegate;
    }

    @JsonProperty
    public void setDelegate(SessionStoreFactory delegate) {
        this.delegate = delegate;
    }

    @JsonProperty
    public String getShareAs() {
        return shareAs;
    }

    @JsonProperty
    public void setShareAs(String shareAs) {
        this.shareAs = shareAs;
    }

    @Override
    public SessionStore build(MetricRegistry metrics, Clock clock) {
        // A shared store outlives the application that built it first, so it is never closed
        // through one: its gauges go to a registry of its own.
        return shareAs == null
            ? new Flaky(delegate.build(metrics, clock), true)
            : new Flaky(SHARED.computeIfAbsent(shareAs, name -> delegate.build(new MetricRegistry(), clock)), false);
    }

    /** @param owned whether closing this closes the store it wraps */
    private record Flaky(SessionStore store, boolean owned) implements SessionStore {

        private static <T> T unlessDown(Supplier<T> operation) {
            if (DOWN.get()) {
                throw new SessionStoreException("connection refused (test outage)");
            }
            return operation.get();
        }

        @Override
        public Optional<Session> find(SessionId id) {
            return unlessDown(() -> store.find(id));
        }

        @Override
        public Session save(Session session, Duration ttl) {
            return unlessDown(() -> store.save(session, ttl));
        }

        @Override
        public boolean touch(SessionId id, Instant lastSeenAt, Duration ttl) {
            if (DELETED_BEFORE_TOUCH.get()) {
                store.delete(id);
            }
            return unlessDown(() -> store.touch(id, lastSeenAt, ttl));
        }

        @Override
        public Optional<Session> replace(SessionId predecessor, Session successor, Duration ttl) {
            return unlessDown(() -> store.replace(predecessor, successor, ttl));
        }

        @Override
        public boolean delete(SessionId id) {
            return unlessDown(() -> store.delete(id));
        }

        @Override
        public List<Session> findByUser(String userKey) {
            return unlessDown(() -> store.findByUser(userKey));
        }

        @Override
        public int deleteByUser(String userKey) {
            return unlessDown(() -> store.deleteByUser(userKey));
        }

        @Override
        public <T> Optional<T> ability(Class<T> type) {
            return store.ability(type);
        }

        @Override
        public void close() {
            if (owned) {
                store.close();
            }
        }
    }
}
