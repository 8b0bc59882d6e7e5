package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache's rules, each interleaving played out by hand: a fill that an invalidation
 * overtakes keeps nothing, a loss of the connection makes every older entry and fill worthless,
 * and nothing is served between a loss and tracking confirmed again, or once the connection has
 * been silent too long. Time is a counter the test moves.
 */
class NearCacheTest {

    private static final long NOW = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli();
    private static final long LATER = NOW + 60_000;
    private static final SessionId OTHER = SessionId.generate();

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private NearCache cache;
    private Session session;

    @BeforeEach
    void trackedCache() {
        cache = new NearCache(100, Duration.ofMinutes(10), Duration.ofSeconds(2), nanos::get);
        cache.tracked(cache.epoch(), nanos.get());
        cache.listening(true);
        session = Session.create(SessionId.generate(), "1", Instant.ofEpochMilli(NOW), Instant.ofEpochMilli(NOW).plusSeconds(3600))
            .withVersion(1);
    }

    private SessionId id() {
        return session.id();
    }

    private void fill() {
        NearCache.Fill fill = cache.begin(id());
        cache.complete(fill, Optional.of(session), LATER);
    }

    @Test
    void aCompletedFillIsServedUntilItsIdleExpiry() {
        assertThat(cache.hit(id(), NOW)).isNull();
        fill();

        assertThat(cache.hit(id(), NOW)).contains(session);
        assertThat(cache.hit(id(), LATER)).as("expired by the service's clock").isEmpty();
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void anInvalidationThatOvertakesAFillLeavesNothing() {
        NearCache.Fill fill = cache.begin(id());
        cache.invalidated(id());
        cache.complete(fill, Optional.of(session), LATER);

        assertThat(cache.hit(id(), NOW)).isNull();
    }

    @Test
    void anInvalidationAfterAFillRemovesIt() {
        fill();
        cache.invalidated(id());

        assertThat(cache.hit(id(), NOW)).isNull();
        assertThat(cache.invalidations()).isEqualTo(1);
    }

    @Test
    void ofTwoFillsOnlyTheLaterBegunIsKept() {
        NearCache.Fill first = cache.begin(id());
        NearCache.Fill second = cache.begin(id());
        Session newer = session.withVersion(2);
        cache.complete(second, Optional.of(newer), LATER);
        cache.complete(first, Optional.of(session), LATER);

        assertThat(cache.hit(id(), NOW)).contains(newer);
    }

    @Test
    void aLostConnectionMakesOlderEntriesAndFillsWorthlessUntilTrackingIsConfirmed() {
        fill();
        NearCache.Fill inFlight = cache.begin(OTHER);
        long askedBefore = cache.epoch();

        cache.lost(NearCache.Flush.DISCONNECTED);
        cache.complete(inFlight, Optional.of(session), LATER);
        cache.tracked(askedBefore, nanos.get());

        assertThat(cache.hit(id(), NOW)).as("tracking asked for before the loss counts for nothing").isNull();
        assertThat(cache.hit(OTHER, NOW)).isNull();
        assertThat(cache.begin(id())).as("bypassed: nothing is kept").isNull();
        assertThat(cache.flushes(NearCache.Flush.DISCONNECTED)).isEqualTo(1);

        cache.tracked(cache.epoch(), nanos.get());
        fill();
        assertThat(cache.hit(id(), NOW)).contains(session);
    }

    @Test
    void aFlushByRedisDropsEverythingButKeepsTracking() {
        fill();
        NearCache.Fill inFlight = cache.begin(OTHER);

        cache.flushedByRedis();
        cache.complete(inFlight, Optional.of(session), LATER);

        assertThat(cache.hit(id(), NOW)).isNull();
        assertThat(cache.hit(OTHER, NOW)).isNull();
        fill();
        assertThat(cache.hit(id(), NOW)).contains(session);
    }

    @Test
    void hitsStopWhenTheConnectionHasBeenSilentTooLong() {
        fill();
        nanos.addAndGet(Duration.ofMillis(1900).toNanos());
        assertThat(cache.hit(id(), NOW)).contains(session);
        cache.heard(nanos.get(), cache.epoch());

        nanos.addAndGet(Duration.ofMillis(1950).toNanos());
        assertThat(cache.hit(id(), NOW)).as("heard 1.95 s ago").contains(session);
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(cache.hit(id(), NOW)).as("silent for 2.05 s").isNull();
        assertThat(cache.begin(id())).isNull();
    }

    @Test
    void nothingIsServedOrKeptWhileThisNodeTakesNoPartInRevocationRounds() {
        fill();

        cache.listening(false);

        assertThat(cache.hit(id(), NOW)).isNull();
        assertThat(cache.begin(id())).isNull();
        cache.listening(true);
        assertThat(cache.hit(id(), NOW)).as("invalidations kept arriving meanwhile").contains(session);
    }

    @Test
    void anAbsentSessionIsCachedAsAbsent() {
        NearCache.Fill fill = cache.begin(id());
        cache.complete(fill, Optional.empty(), 0);

        assertThat(cache.hit(id(), NOW)).isEmpty();
    }
}
