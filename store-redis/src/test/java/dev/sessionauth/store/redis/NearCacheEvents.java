package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionStore;
import java.util.concurrent.CompletableFuture;

/** For tests of a service on a near-cached Redis store: what its near cache does, to wait on. */
public final class NearCacheEvents {

    private NearCacheEvents() {
    }

    /**
     * Completes with the cause ({@code DISCONNECTED}, {@code HEARTBEAT_MISSED} ...) when the near
     * cache of {@code store} is next emptied. Ask before causing it, so the event cannot pass
     * unseen. Replaces any listener asked for before.
     */
    public static CompletableFuture<String> nextFlush(SessionStore store) {
        NearCache cache = store.ability(NearCachedSessionStore.class)
            .orElseThrow(() -> new IllegalArgumentException("not a near-cached Redis store: " + store)).cache();
        CompletableFuture<String> flushed = new CompletableFuture<>();
        cache.listen(new NearCache.Listener() {
            @Override
            public void flushed(NearCache.Flush cause) {
                flushed.complete(cause.name());
            }
        });
        return flushed;
    }

    /**
     * Completes when the near cache of {@code store} serves again: tracking confirmed on its
     * connection and the node back in the revocation rounds, in whichever order they come (at once
     * if it already does). Ask after it stopped serving. Replaces any listener asked for before.
     */
    public static CompletableFuture<Void> nextTrusted(SessionStore store) {
        NearCache cache = store.ability(NearCachedSessionStore.class)
            .orElseThrow(() -> new IllegalArgumentException("not a near-cached Redis store: " + store)).cache();
        CompletableFuture<Void> trusted = new CompletableFuture<>();
        cache.listen(new NearCache.Listener() {
            @Override
            public void tracked() {
                check();
            }

            @Override
            public void listening(boolean listening) {
                check();
            }

            private void check() {
                if (cache.tracking() && cache.listening()) {
                    trusted.complete(null);
                }
            }
        });
        if (cache.tracking() && cache.listening()) {
            trusted.complete(null);
        }
        return trusted;
    }
}
