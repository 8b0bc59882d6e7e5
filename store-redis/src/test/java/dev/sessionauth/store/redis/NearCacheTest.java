package dev.sessionauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.support.FillGuard.Fill;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache's rules, each interleaving played out by hand: a fill that an invalidation
 * overtakes keeps nothing, a loss of the connection makes every older entry and fill worthless,
 * and nothing is served between a loss and tracking confirmed again, or once the connection has
 * been silent too long. Time is two clocks the test moves: the monotonic one heartbeats are
 * measured by and the service's, which lifetimes are measured by.
 */
class NearCacheTest {

    private static final long NOW = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli();
    private static final long LATER = NOW + 60_000;
    private static final SessionId OTHER = SessionId.generate();

    private static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(NOW));
    private NearCache cache;
    private Session session;

    @BeforeEach
    void trackedCache() {
        cache = new NearCache(100, MAX_AGE, Duration.ofSeconds(2), nanos::get, clock);
        cache.tracked(cache.epoch(), nanos.get());
        cache.listening(true);
        session = Session.create(SessionId.generate(), "1", Instant.ofEpochMilli(NOW), Instant.ofEpochMilli(NOW).plusSeconds(3600))
            .withVersion(1);
    }

    private SessionId id() {
        return session.id();
    }

    private void fill() {
        Fill<SessionId> fill = cache.begin(id());
        cache.complete(fill, Optional.of(session), LATER);
    }

    @Test
    void aCompletedFillIsServedUntilItsIdleExpiry() {
        assertThat(cache.hit(id())).isNull();
        fill();

        assertThat(cache.hit(id())).contains(session);
        clock.advance(Duration.ofMillis(LATER - NOW - 1));
        assertThat(cache.hit(id())).as("a millisecond before its idle expiry").contains(session);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.hit(id())).as("expired by the service's clock: read from Redis again").isNull();
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void anEntryIsKeptNoLongerThanMaxAgeWhateverItsIdleExpiry() {
        Fill<SessionId> fill = cache.begin(id());
        cache.complete(fill, Optional.of(session), NOW + MAX_AGE.toMillis() * 3);

        clock.advance(MAX_AGE.minusMillis(1));
        assertThat(cache.hit(id())).contains(session);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.hit(id())).isNull();
    }

    @Test
    void aFillOfASessionAlreadyExpiredKeepsNothing() {
        Fill<SessionId> fill = cache.begin(id());
        clock.advance(Duration.ofMillis(LATER - NOW));
        cache.complete(fill, Optional.of(session), LATER);

        assertThat(cache.hit(id())).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anInvalidationThatOvertakesAFillLeavesNothing() {
        Fill<SessionId> fill = cache.begin(id());
        cache.invalidated(id());
        cache.complete(fill, Optional.of(session), LATER);

        assertThat(cache.hit(id())).isNull();
    }

    @Test
    void anInvalidationAfterAFillRemovesIt() {
        fill();
        cache.invalidated(id());

        assertThat(cache.hit(id())).isNull();
        assertThat(cache.invalidations()).isEqualTo(1);
    }

    @Test
    void ofTwoOverlappingFillsTheLaterBegunIsKeptWhenItCompletesFirst() {
        Fill<SessionId> first = cache.begin(id());
        Fill<SessionId> second = cache.begin(id());
        Session newer = session.withVersion(2);
        cache.complete(second, Optional.of(newer), LATER);
        cache.complete(first, Optional.of(session), LATER);

        assertThat(cache.hit(id())).contains(newer);
    }

    @Test
    void ofTwoOverlappingFillsTheLaterBegunIsKeptWhenItCompletesLast() {
        Fill<SessionId> first = cache.begin(id());
        Fill<SessionId> second = cache.begin(id());
        Session newer = session.withVersion(2);
        cache.complete(first, Optional.of(session), LATER);
        cache.complete(second, Optional.of(newer), LATER);

        assertThat(cache.hit(id())).contains(newer);
    }

    @Test
    void aLostConnectionMakesOlderEntriesAndFillsWorthlessUntilTrackingIsConfirmed() {
        fill();
        Fill<SessionId> inFlight = cache.begin(OTHER);
        long askedBefore = cache.epoch();

        cache.lost(NearCache.Flush.DISCONNECTED);
        cache.complete(inFlight, Optional.of(session), LATER);
        cache.tracked(askedBefore, nanos.get());

        assertThat(cache.hit(id())).as("tracking asked for before the loss counts for nothing").isNull();
        assertThat(cache.hit(OTHER)).isNull();
        assertThat(cache.begin(id())).as("bypassed: nothing is kept").isNull();
        assertThat(cache.flushes(NearCache.Flush.DISCONNECTED)).isEqualTo(1);

        cache.tracked(cache.epoch(), nanos.get());
        fill();
        assertThat(cache.hit(id())).contains(session);
    }

    @Test
    void noInstallRacingALossOutlivesIt() throws Exception {
        SessionId[] keys = {id(), OTHER, SessionId.generate(), SessionId.generate()};
        AtomicLong[] rounds = {new AtomicLong(), new AtomicLong()};
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> fillers = new ArrayList<>();
        for (AtomicLong done : rounds) {
            Thread filler = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    Fill<SessionId> fill = cache.begin(keys[i % keys.length]);
                    if (fill != null) {
                        cache.complete(fill, Optional.of(session), LATER);
                    }
                    done.incrementAndGet();
                }
            });
            filler.start();
            fillers.add(filler);
        }
        try {
            for (int loss = 0; loss < 1_000; loss++) {
                cache.lost(NearCache.Flush.DISCONNECTED);
                // Every fill begun before the loss has completed once each filler went round twice more.
                long[] seen = {rounds[0].get(), rounds[1].get()};
                while (rounds[0].get() < seen[0] + 2 || rounds[1].get() < seen[1] + 2) {
                    Thread.onSpinWait();
                }
                assertThat(cache.size()).as("entries after loss %d", loss).isZero();
                cache.tracked(cache.epoch(), nanos.get());
            }
        } finally {
            stop.set(true);
            for (Thread filler : fillers) {
                filler.join();
            }
        }
    }

    @Test
    void aFlushByRedisDropsEverythingButKeepsTracking() {
        fill();
        Fill<SessionId> inFlight = cache.begin(OTHER);

        cache.flushedByRedis();
        cache.complete(inFlight, Optional.of(session), LATER);

        assertThat(cache.hit(id())).isNull();
        assertThat(cache.hit(OTHER)).isNull();
        fill();
        assertThat(cache.hit(id())).contains(session);
    }

    @Test
    void hitsStopAtTheFirstSilenceCheckOnceTheConnectionHasBeenSilentTooLong() {
        fill();
        nanos.addAndGet(Duration.ofMillis(1900).toNanos());
        cache.checkSilence();
        assertThat(cache.hit(id())).contains(session);
        cache.heard(nanos.get(), cache.epoch());

        nanos.addAndGet(Duration.ofMillis(1950).toNanos());
        cache.checkSilence();
        assertThat(cache.hit(id())).as("heard 1.95 s ago").contains(session);
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        cache.checkSilence();
        assertThat(cache.hit(id())).as("silent for 2.05 s").isNull();
        assertThat(cache.begin(id())).isNull();

        long sentLate = nanos.get() - Duration.ofMillis(2100).toNanos();
        cache.heard(sentLate, cache.epoch());
        assertThat(cache.hit(id())).as("answered, but the ping was sent 2.1 s ago").isNull();
        cache.heard(nanos.get(), cache.epoch());
        assertThat(cache.hit(id())).as("heard again: everything sent before was applied").contains(session);
    }

    @Test
    void theSilenceCheckRunsAnEighthOfMaxSilenceApartAndARevocationWaitsOneAndAHalfMaxSilence() {
        assertThat(cache.silenceCheck()).isEqualTo(Duration.ofMillis(250));
        assertThat(cache.servingBound()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void nothingIsServedOrKeptWhileThisNodeTakesNoPartInRevocationRounds() {
        fill();

        cache.listening(false);

        assertThat(cache.hit(id())).isNull();
        assertThat(cache.begin(id())).isNull();
        cache.listening(true);
        assertThat(cache.hit(id())).as("invalidations kept arriving meanwhile").contains(session);
    }

    @Test
    void anAbsentSessionIsCachedAsAbsentForMaxAge() {
        Fill<SessionId> fill = cache.begin(id());
        cache.complete(fill, Optional.empty(), 0);

        assertThat(cache.hit(id())).isEmpty();
        clock.advance(MAX_AGE);
        assertThat(cache.hit(id())).isNull();
    }
}
