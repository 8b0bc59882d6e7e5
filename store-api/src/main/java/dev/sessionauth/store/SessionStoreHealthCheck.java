package dev.sessionauth.store;

import com.codahale.metrics.health.HealthCheck;

/**
 * Healthy when the store answers a lookup of a random, certainly absent, ID; unhealthy with the
 * backend's message when it throws. Works for every store, so factories register this one.
 * Thread-safe if the store is.
 */
public final class SessionStoreHealthCheck extends HealthCheck {

    private final SessionStore store;

    public SessionStoreHealthCheck(SessionStore store) {
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
