package dev.sessionauth.bundle;

import com.codahale.metrics.health.HealthCheck;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;

/**
 * Healthy when the store answers a lookup of a random, certainly absent, ID; unhealthy with the
 * backend's message when it throws. Works for every store; the bundle registers it as
 * {@code session-store}.
 * Thread-safe if the store is.
 */
final class SessionStoreHealthCheck extends HealthCheck {

    private final SessionStore store;

    SessionStoreHealthCheck(SessionStore store) {
        this.store = store;
    }

    @Override
    protected Result check() {
        try {
            store.find(SessionId.generate());
            return Result.healthy();
        } catch (SessionStoreException e) {
            return Result.unhealthy(e.getMessage());
        }
    }
}
