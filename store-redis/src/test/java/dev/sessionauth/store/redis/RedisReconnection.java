package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionStore;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.util.concurrent.CompletableFuture;

/** For tests that stop a Redis: the event of the store's connection coming back, to wait on. */
public final class RedisReconnection {

    private RedisReconnection() {
    }

    /**
     * Completes when the connection of {@code store} (a Redis store, wrapped or not) is next
     * activated. Ask before the server comes back, so the event cannot pass unseen.
     */
    public static CompletableFuture<Event> next(SessionStore store) {
        RedisSessionStore redis = store.ability(RedisSessionStore.class)
            .orElseThrow(() -> new IllegalArgumentException("not a Redis store: " + store));
        return redis.events().filter(ConnectionActivatedEvent.class::isInstance).next().toFuture();
    }
}
