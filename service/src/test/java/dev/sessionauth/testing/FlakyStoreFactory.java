package dev.sessionauth.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.SessionStoreFactory;
import dev.sessionauth.store.SessionStoreHealthCheck;
import io.dropwizard.core.setup.Environment;
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
 * {@code type: flaky}: wraps any configured store and fails every operation with
 * {@link SessionStoreException} while {@link #DOWN} is set, as a store whose backend went away.
 */
@JsonTypeName("flaky")
public class FlakyStoreFactory implements SessionStoreFactory {

    /** While true, every store operation fails. */
    public static final AtomicBoolean DOWN = new AtomicBoolean();

    @Valid
    @NotNull
    private SessionStoreFactory delegate;

    @JsonProperty
    public SessionStoreFactory getDelegate() {
        return delegate;
    }

    @JsonProperty
    public void setDelegate(SessionStoreFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public SessionStore build(Environment environment, Clock clock) {
        SessionStore flaky = new Flaky(delegate.build(new Environment("delegate"), clock));
        environment.healthChecks().register("session-store", new SessionStoreHealthCheck(flaky));
        return flaky;
    }

    private record Flaky(SessionStore store) implements SessionStore {

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
            return unlessDown(() -> store.touch(id, lastSeenAt, ttl));
        }

        @Override
        public boolean delete(SessionId id) {
            return unlessDown(() -> store.delete(id));
        }

        @Override
        public List<Session> findByUser(long userId) {
            return unlessDown(() -> store.findByUser(userId));
        }

        @Override
        public int deleteByUser(long userId) {
            return unlessDown(() -> store.deleteByUser(userId));
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
