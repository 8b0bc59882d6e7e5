package dev.sessionauth.store.ability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.ability.FailureCounts.Admitted;
import dev.sessionauth.store.ability.FailureCounts.Attempt;
import dev.sessionauth.store.ability.FailureCounts.Backoff;
import dev.sessionauth.store.ability.FailureCounts.HeldBack;
import dev.sessionauth.store.ability.FailureCounts.Limit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FailureCounts} must do. Subclasses give a fresh instance per test on the
 * test's clock, which delays and forgetting follow: moving the clock releases and forgets keys,
 * without waiting.
 */
public abstract class FailureCountsContract {

    protected static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
        Duration.ofMinutes(10));

    protected MutableClock clock;
    protected FailureCounts counts;

    /** A fresh, empty instance on {@code clock}. */
    protected abstract FailureCounts create(MutableClock clock);

    @BeforeEach
    void fresh() {
        clock = new MutableClock(Instant.now());
        counts = create(clock);
    }

    private Attempt attempt(Limit... limits) {
        return counts.attempt(List.of(limits), BACKOFF, clock.instant());
    }

    /** An attempt that is admitted and then fails: its counts. */
    private List<Integer> failure(Limit... limits) {
        List<Integer> counted = admitted(attempt(limits));
        counts.failed(java.util.Arrays.stream(limits).map(Limit::key).toList());
        return counted;
    }

    private static List<Integer> admitted(Attempt attempt) {
        assertThat(attempt).isInstanceOf(Admitted.class);
        return ((Admitted) attempt).counts();
    }

    private static Duration heldFor(Attempt attempt) {
        assertThat(attempt).isInstanceOf(HeldBack.class);
        return ((HeldBack) attempt).retryAfter();
    }

    @Test
    void eachAttemptIsCountedOnEveryKeyUntilAThresholdIsReached() {
        Limit pair = new Limit("ada@203.0.113.9", 3);
        Limit client = new Limit("203.0.113.9", 5);

        assertThat(failure(pair, client)).containsExactly(1, 1);
        assertThat(failure(pair, client)).containsExactly(2, 2);
        assertThat(failure(pair, client)).containsExactly(3, 3);

        assertThat(heldFor(attempt(pair, client))).isEqualTo(Duration.ofSeconds(1));
        assertThat(admitted(attempt(client))).as("the refused attempt counted nowhere").containsExactly(4);
    }

    @Test
    void theDelayRunsFromTheLastFailureAndDoublesUpToTheCap() {
        Limit key = new Limit("grace", 1);
        failure(key);
        clock.advance(Duration.ofMillis(400));
        assertThat(heldFor(attempt(key))).isEqualTo(Duration.ofMillis(600));
        clock.advance(Duration.ofMillis(600));

        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            failure(key);
            Duration wait = heldFor(attempt(key));
            delays.add(wait);
            clock.advance(wait);
        }

        assertThat(delays).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void anyHeldKeyHoldsTheWholeAttemptBackForTheLongestWait() {
        Limit slow = new Limit("slow", 1);
        Limit slower = new Limit("slower", 1);
        failure(slow);
        failure(slower);
        clock.advance(Duration.ofSeconds(1));
        failure(slower);

        assertThat(heldFor(attempt(slow, slower, new Limit("fresh", 1)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(admitted(attempt(new Limit("fresh", 1)))).containsExactly(1);
    }

    @Test
    void keysAreIndependentWhateverTheirText() {
        List<String> keys = List.of("ada", "Ada", "ada ", "zoë\u0000ops", "{u:1}", "k".repeat(FailureCounts.MAX_KEY_LENGTH));
        for (int i = 0; i < keys.size(); i++) {
            for (int n = 0; n <= i; n++) {
                failure(new Limit(keys.get(i), 100));
            }
        }

        for (int i = 0; i < keys.size(); i++) {
            assertThat(admitted(attempt(new Limit(keys.get(i), 100)))).as(keys.get(i)).containsExactly(i + 2);
        }
    }

    @Test
    void aSuccessClearsSomeKeysAndTakesItsOwnFailureBackFromTheOthers() {
        Limit pair = new Limit("ada@203.0.113.9", 2);
        Limit client = new Limit("203.0.113.9", 10);
        failure(pair, client);
        failure(pair, client);
        clock.advance(Duration.ofSeconds(1));
        assertThat(admitted(attempt(pair, client))).containsExactly(3, 3);

        counts.succeeded(List.of(pair.key()), List.of(client.key()));

        assertThat(admitted(attempt(pair, client))).containsExactly(1, 3);
    }

    @Test
    void anAbandonedAttemptIsTakenBackFromEveryKey() {
        Limit key = new Limit("mallory", 2);
        admitted(attempt(key));
        admitted(attempt(key));

        counts.abandoned(List.of(key.key()));

        assertThat(admitted(attempt(key))).as("no delay: one failure was taken back").containsExactly(2);
        counts.abandoned(List.of(key.key()));
        counts.abandoned(List.of(key.key()));
        counts.abandoned(List.of(key.key()));
        assertThat(admitted(attempt(key))).as("a count never goes below nothing").containsExactly(1);
    }

    @Test
    void aKeyIsForgottenAfterItsLastFailure() {
        Limit key = new Limit("mallory", 2);
        failure(key);
        failure(key);

        clock.advance(BACKOFF.forgetAfter());

        assertThat(admitted(attempt(key))).containsExactly(1);
    }

    @Test
    void attemptsInFlightMakeTheNextWaitForTheirVerdictsNotFail() {
        Limit pair = new Limit("ada@198.51.100.1", 2);
        admitted(attempt(pair));
        admitted(attempt(pair));

        assertThat(attempt(pair)).as("two in flight fill the budget; none failed")
            .isInstanceOf(FailureCounts.Pending.class);
        counts.failed(List.of(pair.key()));
        assertThat(attempt(pair)).as("one failed, one still in flight").isInstanceOf(FailureCounts.Pending.class);
        counts.failed(List.of(pair.key()));
        assertThat(heldFor(attempt(pair))).as("both failed: now the failures hold it back")
            .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void successesInFlightNeverHoldAnyoneBack() {
        Limit pair = new Limit("grace@198.51.100.2", 1);
        admitted(attempt(pair));
        assertThat(attempt(pair)).isInstanceOf(FailureCounts.Pending.class);

        counts.succeeded(List.of(pair.key()), List.of());

        assertThat(admitted(attempt(pair))).containsExactly(1);
    }

    @Test
    void anAttemptThatNeverGetsItsVerdictCountsAsAFailureOnceInFlightTooLong() {
        Limit pair = new Limit("lost@198.51.100.3", 1);
        admitted(attempt(pair));
        assertThat(attempt(pair)).isInstanceOf(FailureCounts.Pending.class);

        clock.advance(FailureCounts.IN_FLIGHT_LIMIT);

        assertThat(admitted(attempt(pair))).as("counted as the failure it may have been").containsExactly(2);
        counts.failed(List.of(pair.key()));
        assertThat(attempt(pair)).isInstanceOf(FailureCounts.HeldBack.class);
    }

    @Test
    void concurrentAttemptsCannotSlipPastTheThresholdTogether() {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicIntegerArray admittedPerOther = new AtomicIntegerArray(3);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < 50; i++) {
                        if (attempt(new Limit("shared", 20), new Limit("other-" + (i % 3), 1000)) instanceof Admitted) {
                            admittedPerOther.incrementAndGet(i % 3);
                        }
                    }
                }, threads));
            }
            start.countDown();
            done.forEach(CompletableFuture::join);
        } finally {
            threads.shutdownNow();
        }

        assertThat(admittedPerOther.get(0) + admittedPerOther.get(1) + admittedPerOther.get(2)).isEqualTo(20);
        assertThat(admitted(attempt(new Limit("other-0", 1000), new Limit("other-1", 1000), new Limit("other-2", 1000))))
            .as("only the admitted attempts were counted")
            .containsExactly(admittedPerOther.get(0) + 1, admittedPerOther.get(1) + 1, admittedPerOther.get(2) + 1);
    }

    @Test
    void badLimitsAreRefused() {
        assertThatThrownBy(() -> new Limit("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit("k".repeat(FailureCounts.MAX_KEY_LENGTH + 1), 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limit("k", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counts.attempt(List.of(), BACKOFF, clock.instant()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> attempt(new Limit("k", 1), new Limit("k", 2)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
