package dev.sessionauth.store.caffeine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreContract;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CaffeineSessionStoreTest extends SessionStoreContract {

    private static final int MAXIMUM_SIZE = 1_000;

    @Override
    protected SessionStore createStore(MutableClock clock) {
        return new CaffeineSessionStore(clock, MAXIMUM_SIZE, Runnable::run);
    }

    private CaffeineSessionStore caffeine() {
        return (CaffeineSessionStore) store;
    }

    private Session save(int user, Duration ttl) {
        return store.save(newSession(Integer.toString(user)), ttl);
    }

    @Test
    void theIndexForgetsSessionsThatExpire() {
        save(1, Duration.ofMinutes(5));
        save(1, Duration.ofMinutes(5));
        Session live = save(2, Duration.ofMinutes(60));
        clock.advance(Duration.ofMinutes(10));

        caffeine().cleanUp();

        assertThat(caffeine().estimatedSize()).isEqualTo(1);
        assertThat(caffeine().indexedSessions()).isEqualTo(1);
        assertThat(store.findByUser("2")).containsExactly(live);
    }

    @Test
    void theSizeIsBoundedAndTheIndexForgetsEvictedSessions() {
        for (int i = 0; i < MAXIMUM_SIZE * 3; i++) {
            save(i % 7, TTL);
        }

        caffeine().cleanUp();

        assertThat(caffeine().estimatedSize()).isEqualTo(MAXIMUM_SIZE);
        assertThat(caffeine().indexedSessions()).isEqualTo(MAXIMUM_SIZE);
        assertThat(caffeine().sizeEvictions()).isEqualTo(2L * MAXIMUM_SIZE);
        long found = 0;
        for (long user = 0; user < 7; user++) {
            found += store.findByUser(Long.toString(user)).size();
        }
        assertThat(found).isEqualTo(MAXIMUM_SIZE);
    }

    @Test
    void anIdWhoseSessionExpiredCanBeIssuedAgainAndIsIndexed() {
        Session first = save(1, Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(10));
        Instant now = clock.instant();

        Session again = store.save(Session.create(first.id(), "1", now, now.plusSeconds(60)), TTL);

        assertThat(store.findByUser("1")).containsExactly(again);
        assertThat(caffeine().indexedSessions()).isEqualTo(1);
    }

    @Test
    void statisticsCountHitsAndMisses() {
        Session session = save(1, TTL);
        store.find(session.id());
        store.find(session.id());
        store.find(SessionId.generate());

        assertThat(caffeine().stats().hitCount()).isEqualTo(2);
        assertThat(caffeine().stats().missCount()).isEqualTo(1);
    }
}
