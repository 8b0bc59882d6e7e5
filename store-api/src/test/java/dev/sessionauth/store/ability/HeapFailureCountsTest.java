package dev.sessionauth.store.ability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapFailureCountsTest extends FailureCountsContract {

    @Override
    protected FailureCounts create(MutableClock clock) {
        return new HeapFailureCounts(clock, 10_000);
    }

    @Test
    void whenFullKeysThatHoldNobodyBackMakeRoomOldestFirst() {
        HeapFailureCounts small = new HeapFailureCounts(clock, 2);
        FailureCounts.Limit a = new FailureCounts.Limit("a", 100);
        FailureCounts.Limit b = new FailureCounts.Limit("b", 100);
        FailureCounts.Limit c = new FailureCounts.Limit("c", 100);
        small.attempt(List.of(a), BACKOFF, clock.instant());
        clock.advance(Duration.ofMinutes(1));
        small.attempt(List.of(b), BACKOFF, clock.instant());

        assertThat(counted(small.attempt(List.of(c), BACKOFF, clock.instant()))).containsExactly(1);
        assertThat(counted(small.attempt(List.of(c), BACKOFF, clock.instant())))
            .as("c is held now").containsExactly(2);
        assertThat(counted(small.attempt(List.of(b), BACKOFF, clock.instant())))
            .as("a, the oldest, made room; b is kept").containsExactly(2);
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.full()).isFalse();
    }

    @Test
    void whenFullOfKeysThatHoldBackANewKeyIsHeldBackAndKnownOnesStillCount() {
        HeapFailureCounts small = new HeapFailureCounts(clock, 2);
        FailureCounts.Limit a = new FailureCounts.Limit("a", 1);
        FailureCounts.Limit b = new FailureCounts.Limit("b", 1);
        FailureCounts.Limit c = new FailureCounts.Limit("c", 1);
        small.attempt(List.of(a), BACKOFF, clock.instant());
        small.attempt(List.of(b), BACKOFF, clock.instant());
        small.failed(List.of("a", "b"));

        FailureCounts.Attempt fresh = small.attempt(List.of(c), BACKOFF, clock.instant());
        assertThat(fresh).as("no room for c, and none may be made: held back, never admitted uncounted")
            .isEqualTo(new FailureCounts.HeldBack(BACKOFF.firstDelay()));
        assertThat(small.full()).isTrue();
        assertThat(small.attempt(List.of(a), BACKOFF, clock.instant()))
            .as("a's own delay still applies").isInstanceOf(FailureCounts.HeldBack.class);

        clock.advance(BACKOFF.firstDelay());
        assertThat(counted(small.attempt(List.of(a), BACKOFF, clock.instant())))
            .as("a known key counts on: its delays grow").containsExactly(2);
        small.failed(List.of("a"));

        clock.advance(BACKOFF.forgetAfter());
        assertThat(counted(small.attempt(List.of(c), BACKOFF, clock.instant())))
            .as("a and b were forgotten, which made room for c").containsExactly(1);
        assertThat(small.full()).isFalse();
    }

    @Test
    void aSuccessMakesRoomInAFullTable() {
        HeapFailureCounts small = new HeapFailureCounts(clock, 1);
        FailureCounts.Limit a = new FailureCounts.Limit("a", 1);
        FailureCounts.Limit b = new FailureCounts.Limit("b", 1);
        small.attempt(List.of(a), BACKOFF, clock.instant());
        assertThat(small.attempt(List.of(b), BACKOFF, clock.instant())).isInstanceOf(FailureCounts.HeldBack.class);

        small.succeeded(List.of("a"), List.of());

        assertThat(counted(small.attempt(List.of(b), BACKOFF, clock.instant()))).containsExactly(1);
    }

    @Test
    void aFloodOfFreshKeysNeverLiftsTheDelayOfAKeyThatEarnedOne() {
        HeapFailureCounts small = new HeapFailureCounts(clock, 100);
        FailureCounts.Limit victim = new FailureCounts.Limit("account-from-client", 5);
        for (int i = 0; i < 5; i++) {
            small.attempt(List.of(victim), BACKOFF, clock.instant());
            small.failed(List.of(victim.key()));
        }
        for (int i = 0; i < 1000; i++) {
            small.attempt(List.of(new FailureCounts.Limit("fresh-" + i, 5)), BACKOFF, clock.instant());
        }

        assertThat(small.attempt(List.of(victim), BACKOFF, clock.instant()))
            .as("the flood made room from keys that hold nobody back, never from this one")
            .isInstanceOf(FailureCounts.HeldBack.class);
    }

    private static List<Integer> counted(FailureCounts.Attempt attempt) {
        return ((FailureCounts.Admitted) attempt).counts();
    }
}
