package dev.sessionauth.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore createStore(MutableClock clock) {
        return new MemorySessionStore(clock, Duration.ofHours(1));
    }

    private MemorySessionStore memoryStore() {
        return (MemorySessionStore) store;
    }

    private Session save(int user, Duration ttl) {
        Instant now = clock.instant();
        return store.save(Session.create(SessionId.generate(), Integer.toString(user), now, now.plusSeconds(86400)), ttl);
    }

    @Test
    void sweepDropsExpiredEntriesThatAreNeverRead() {
        save(1, Duration.ofMinutes(5));
        save(2, Duration.ofMinutes(5));
        Session live = save(3, Duration.ofMinutes(60));
        clock.advance(Duration.ofMinutes(10));

        memoryStore().sweep();

        assertThat(memoryStore().size()).isEqualTo(1);
        assertThat(store.find(live.id())).isPresent();
    }

    @Test
    void readingAnExpiredEntryDropsIt() {
        Session expired = save(1, Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(10));

        assertThat(store.find(expired.id())).isEmpty();

        assertThat(memoryStore().size()).isZero();
    }

    @Test
    void theScheduledSweepRunsWithoutBeingAsked() throws Exception {
        MemorySessionStore swept = new MemorySessionStore(clock, Duration.ofMillis(5));
        try {
            CompletableFuture<Void> emptied = new CompletableFuture<>();
            Instant now = clock.instant();
            swept.save(Session.create(SessionId.generate(), "1", now, now.plusSeconds(60)), Duration.ofSeconds(1));
            swept.afterEachScheduledSweep(() -> {
                if (swept.size() == 0) {
                    emptied.complete(null);
                }
            });
            assertThat(emptied).as("nothing expired yet").isNotDone();
            clock.advance(Duration.ofSeconds(2));

            // Completed by the sweeper thread's first sweep after the entry expired; no one asks.
            emptied.get(30, TimeUnit.SECONDS);
            assertThat(swept.size()).isZero();
        } finally {
            swept.close();
        }
    }
}
