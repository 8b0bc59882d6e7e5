package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/** For tests that stop a Redis: the store working again, to wait on. */
public final class RedisReconnection {

    /** How long, after a connection of the client came back, the store's own may take to follow. */
    private static final Retry UNTIL_THE_STORE_ANSWERS = Retry.fixedDelay(40, Duration.ofMillis(50))
        .filter(SessionStoreException.class::isInstance);

    private RedisReconnection() {
    }

    /**
     * Completes when the store's own connection answers again after a connection of its client is
     * next activated. The client has more connections than the store's (the subscriber of the
     * change notices), and any of them may come back first, so each activation is followed by a
     * PING on the store's connection until it answers (off the client's event threads). Ask before
     * the server comes back, so the event cannot pass unseen.
     */
    public static CompletableFuture<Void> next(SessionStore store) {
        RedisSessionStore redis = store.ability(RedisSessionStore.class)
            .orElseThrow(() -> new IllegalArgumentException("not a Redis store: " + store));
        return redis.events().filter(ConnectionActivatedEvent.class::isInstance)
            .concatMap(activated -> Mono.fromCallable(redis::ping).subscribeOn(Schedulers.boundedElastic())
                .retryWhen(UNTIL_THE_STORE_ANSWERS).onErrorResume(e -> Mono.empty()))
            .next().then().toFuture();
    }
}
