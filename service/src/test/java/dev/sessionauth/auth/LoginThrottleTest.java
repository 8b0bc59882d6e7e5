package dev.sessionauth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.HeapFailureCounts;
import dev.sessionauth.store.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(new HeapFailureCounts(clock, 1000), clock, 3, 10,
        Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(24));

    private void fail(int times, String account, String client) {
        for (int i = 0; i < times; i++) {
            throttle.failed(account, client);
        }
    }

    @Test
    void fromTheThresholdOnEachFailureDoublesTheWaitUpToTheCap() {
        fail(2, "ada", "203.0.113.9");
        assertThat(throttle.wait("ada", "203.0.113.9")).isEmpty();

        throttle.failed("ada", "203.0.113.9");
        assertThat(throttle.wait("ada", "203.0.113.9")).contains(Duration.ofSeconds(1));
        throttle.failed("ada", "203.0.113.9");
        assertThat(throttle.wait("ada", "203.0.113.9")).contains(Duration.ofSeconds(2));
        throttle.failed("ada", "203.0.113.9");
        assertThat(throttle.wait("ada", "203.0.113.9")).contains(Duration.ofSeconds(4));
        fail(20, "other", "198.51.100.1");
        assertThat(throttle.wait("other", "198.51.100.1")).contains(Duration.ofMinutes(15));

        clock.advance(Duration.ofSeconds(4));
        assertThat(throttle.wait("ada", "203.0.113.9")).as("the wait is over, never a lockout").isEmpty();
    }

    @Test
    void aSuccessClearsTheAccountsCountFromThatClient() {
        fail(2, "ada", "203.0.113.9");
        throttle.succeeded("ada", "203.0.113.9");
        fail(2, "ada", "203.0.113.9");

        assertThat(throttle.wait("ada", "203.0.113.9")).isEmpty();
    }

    @Test
    void theOwnerFromAnotherAddressIsNotHeldBackByAnAttackersFailures() {
        fail(8, "ada", "203.0.113.9");

        assertThat(throttle.wait("ada", "203.0.113.9")).isPresent();
        assertThat(throttle.wait("ada", "198.51.100.7")).isEmpty();
    }

    @Test
    void oneClientGuessingManyAccountsIsHeldBackForAllOfThem() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("user-" + i, "203.0.113.9");
        }

        assertThat(throttle.wait("somebody-new", "203.0.113.9")).contains(Duration.ofSeconds(1));
        assertThat(throttle.wait("somebody-new", "198.51.100.7")).isEmpty();
    }

    @Test
    void countsAreForgottenAfterQuietTime() {
        fail(5, "ada", "203.0.113.9");
        clock.advance(Duration.ofHours(24));

        assertThat(throttle.wait("ada", "203.0.113.9")).isEmpty();
        throttle.failed("ada", "203.0.113.9");
        assertThat(throttle.wait("ada", "203.0.113.9")).as("counting starts again").isEmpty();
    }
}
