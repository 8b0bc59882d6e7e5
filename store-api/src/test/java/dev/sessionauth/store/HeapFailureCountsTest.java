package dev.sessionauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeapFailureCountsTest extends FailureCountsContract {

    @Override
    protected FailureCounts create(MutableClock clock) {
        return new HeapFailureCounts(clock, 10_000);
    }

    @Test
    void whenFullANewKeyIsNotCountedAndForgottenOnesMakeRoom() {
        HeapFailureCounts small = new HeapFailureCounts(clock, 2);
        small.fail("a", clock.instant(), Duration.ofMinutes(1));
        small.fail("b", clock.instant(), Duration.ofMinutes(1));

        assertThat(small.fail("c", clock.instant(), Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(small.get("c")).isEqualTo(FailureCounts.Failures.NONE);
        assertThat(small.fail("a", clock.instant(), Duration.ofMinutes(1))).as("a known key still counts").isEqualTo(2);

        clock.advance(Duration.ofMinutes(2));
        small.fail("c", clock.instant(), Duration.ofMinutes(1));
        assertThat(small.get("c").count()).isEqualTo(1);
    }
}
