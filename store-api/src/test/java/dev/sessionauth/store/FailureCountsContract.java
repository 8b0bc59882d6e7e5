package dev.sessionauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FailureCounts} must do. Subclasses give a fresh instance per test on the
 * test's clock, which forgetting follows: moving the clock forgets keys, without waiting.
 */
public abstract class FailureCountsContract {

    protected static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    protected MutableClock clock;
    protected FailureCounts counts;

    /** A fresh, empty instance on {@code clock}. */
    protected abstract FailureCounts create(MutableClock clock);

    @BeforeEach
    void fresh() {
        clock = new MutableClock(Instant.now());
        counts = create(clock);
    }

    @Test
    void failuresAreCountedInARowWithTheLastOnesTime() {
        assertThat(counts.get("ada@203.0.113.9")).isEqualTo(FailureCounts.Failures.NONE);

        assertThat(counts.fail("ada@203.0.113.9", clock.instant(), Duration.ofHours(1))).isEqualTo(1);
        clock.advance(Duration.ofSeconds(3));
        assertThat(counts.fail("ada@203.0.113.9", clock.instant(), Duration.ofHours(1))).isEqualTo(2);

        FailureCounts.Failures held = counts.get("ada@203.0.113.9");
        assertThat(held.count()).isEqualTo(2);
        assertThat(held.last().toEpochMilli()).isEqualTo(clock.instant().toEpochMilli());
    }

    @Test
    void keysAreIndependentWhateverTheirText() {
        List<String> keys = List.of("ada", "Ada", "ada ", "zoë\u0000ops", "{u:1}", "k".repeat(FailureCounts.MAX_KEY_LENGTH));
        for (int i = 0; i < keys.size(); i++) {
            for (int n = 0; n <= i; n++) {
                counts.fail(keys.get(i), clock.instant(), Duration.ofHours(1));
            }
        }

        for (int i = 0; i < keys.size(); i++) {
            assertThat(counts.get(keys.get(i)).count()).as(keys.get(i)).isEqualTo(i + 1);
        }
    }

    @Test
    void aResetForgetsTheKeyAndSaysWhatItHeld() {
        counts.fail("grace", clock.instant(), Duration.ofHours(1));
        counts.fail("grace", clock.instant(), Duration.ofHours(1));

        assertThat(counts.reset("grace").count()).isEqualTo(2);
        assertThat(counts.get("grace")).isEqualTo(FailureCounts.Failures.NONE);
        assertThat(counts.reset("grace")).isEqualTo(FailureCounts.Failures.NONE);
        assertThat(counts.fail("grace", clock.instant(), Duration.ofHours(1))).isEqualTo(1);
    }

    @Test
    void aKeyIsForgottenAfterItsLastFailure() {
        counts.fail("mallory", clock.instant(), FORGET_AFTER);
        counts.fail("mallory", clock.instant(), FORGET_AFTER);

        clock.advance(FORGET_AFTER);

        assertThat(counts.get("mallory")).isEqualTo(FailureCounts.Failures.NONE);
        assertThat(counts.fail("mallory", clock.instant(), Duration.ofHours(1))).isEqualTo(1);
    }

    @Test
    void concurrentFailuresAreAllCounted() {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 50; i++) {
                        counts.fail("shared", clock.instant(), Duration.ofHours(1));
                    }
                }, threads));
            }
            done.forEach(CompletableFuture::join);
        } finally {
            threads.shutdownNow();
        }

        assertThat(counts.get("shared").count()).isEqualTo(400);
    }

    @Test
    void anEmptyOrOverlongKeyIsRefused() {
        assertThatThrownBy(() -> counts.fail("", clock.instant(), Duration.ofHours(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> counts.get("k".repeat(FailureCounts.MAX_KEY_LENGTH + 1)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
