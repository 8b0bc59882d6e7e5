package dev.sessionauth.store.redis;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreContract;
import dev.sessionauth.store.ability.FailureCounts;
import dev.sessionauth.store.ability.FailureCountsContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * Runs the whole {@link SessionStoreContract} against one Redis deployment. Each test gets its own
 * key prefix, so tests never see each other's keys. Expiry follows the test's clock: the store
 * decides liveness by the expiry it wrote, so moving the clock expires sessions without waiting
 * for Redis's own TTL.
 */
abstract class RedisStoreContract extends SessionStoreContract {

    /** A factory pointed at the deployment under test; its prefix is replaced per test. */
    protected abstract RedisSessionStoreFactory factory();

    protected String prefix;

    @Override
    protected SessionStore createStore(MutableClock clock) {
        RedisSessionStoreFactory factory = factory();
        prefix = factory.getPrefix() + UUID.randomUUID() + ":";
        factory.setPrefix(prefix);
        return factory.build(new MetricRegistry(), clock);
    }

    /** Failure counts, shared as sessions are, on the same deployment. */
    @Nested
    class FailureCountsHere extends FailureCountsContract {

        private SessionStore opened;

        @Override
        protected FailureCounts create(MutableClock clock) {
            RedisSessionStoreFactory factory = factory();
            factory.setPrefix(factory.getPrefix() + UUID.randomUUID() + ":");
            opened = factory.build(new MetricRegistry(), clock);
            return opened.ability(FailureCounts.class).orElseThrow();
        }

        @AfterEach
        void closeStore() {
            opened.close();
        }
    }
}
