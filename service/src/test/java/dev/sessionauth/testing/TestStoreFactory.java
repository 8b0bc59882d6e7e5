package dev.sessionauth.testing;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code type: test}: wraps any configured store ({@code delegate}) for tests, which reach it
 * through their application's configuration ({@link #of}); each application has its own.
 * <ul>
 *   <li>While {@link #down} is set, every operation fails with {@link SessionStoreException}, as a
 *       store whose backend went away.</li>
 *   <li>While {@link #deletedBeforeTouch} is set, a touch finds its session deleted, as if a
 *       logout on another node had landed between a request's lookup and its touch.</li>
 * </ul>
 * Several nodes share a store as in production: a {@code redis} delegate on one Redis.
 */
@JsonTypeName("test")
public class TestStoreFactory implements SessionStoreFactory {

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean deletedBeforeTouch = new AtomicBoolean();

    @Valid
    @NotNull
    private SessionStoreFactory delegate;

    /** The factory of {@code app}'s store, which must be configured {@code type: test}. */
    public static TestStoreFactory of(DropwizardAppExtension<SessionAuthConfiguration> app) {
        return (TestStoreFactory) app.getConfiguration().getSessions().getStore();
    }

    /** Makes every store operation fail, or work again. */
    public void down(boolean down) {
        this.down.set(down);
    }

    /** Makes every touch delete its session first, or stops that. */
    public void deletedBeforeTouch(boolean deleted) {
        this.deletedBeforeTouch.set(deleted);
    }

    @JsonProperty
    public SessionStoreFactory getDelegate() {
        return delegate;
    }

    @JsonProperty
    public void setDelegate(SessionStoreFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public SessionStore build(MetricRegistry metrics, Clock clock) {
        return new Flaky(delegate.build(metrics, clock), down, deletedBeforeTouch);
    }

    private record Flaky(SessionStore store, AtomicBoolean down, AtomicBoolean deletedBeforeTouch)
        implements SessionStore {

        private <T> T unlessDown(Supplier<T> operation) {
            if (down.get()) {
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
            if (deletedBeforeTouch.get()) {
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
            store.close();
        }
    }
}
