package dev.sessionauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapFailureCountsTest extends FailureCountsContract {

    @Override
    protected FailureCounts create(MutableClock clock) {
        return new HeapFailureCounts(clock, 10_000);
    }

    @Test
    void whenFullANewKeyIsNotCountedAndForgottenOnesMakeRoom() {
        HeapFailureCounts small = new HeapFailureCounts(clock, 2);
        FailureCounts.Limit a = new FailureCounts.Limit("a", 100);
        FailureCounts.Limit b = new FailureCounts.Limit("b", 100);
        FailureCounts.Limit c = new FailureCounts.Limit("c", 100);
        small.attempt(List.of(a), BACKOFF, clock.instant());
        clock.advance(Duration.ofMinutes(1));
        small.attempt(List.of(b), BACKOFF, clock.instant());

        assertThat(counted(small.attempt(List.of(c, a), BACKOFF, clock.instant())))
            .as("c found no room, a known key still counts").containsExactly(1, 2);
        assertThat(counted(small.attempt(List.of(c), BACKOFF, clock.instant()))).containsExactly(1);
        assertThat(small.size()).isEqualTo(2);

        clock.advance(BACKOFF.forgetAfter());
        small.attempt(List.of(c), BACKOFF, clock.instant());
        assertThat(counted(small.attempt(List.of(c), BACKOFF, clock.instant())))
            .as("a and b were forgotten, which made room for c").containsExactly(2);
    }

    private static List<Integer> counted(FailureCounts.Attempt attempt) {
        return ((FailureCounts.Admitted) attempt).counts();
    }
}
