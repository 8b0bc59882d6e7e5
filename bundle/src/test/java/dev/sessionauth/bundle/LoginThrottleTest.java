package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.LoginThrottle.Admission;
import dev.sessionauth.bundle.LoginThrottle.Let;
import dev.sessionauth.bundle.LoginThrottle.Wait;
import dev.sessionauth.bundle.SecurityEvent.Scope;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.ability.FailureCounts;
import dev.sessionauth.store.ability.HeapFailureCounts;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The throttle's rules on in-process counts: thresholds 3 per (account, client), 10 per client,
 * 20 per account from unseen browsers, and each known device's own 3.
 */
class LoginThrottleTest {

    private static final Optional<String> NO_DEVICE = Optional.empty();

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(LoginThrottle.PASSWORDS, new HeapFailureCounts(clock, 1000), clock, 3, 10, 20,
        new FailureCounts.Backoff(Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(24)));

    private Admission attempt(String account, String client) {
        return throttle.admit(account, client, NO_DEVICE);
    }

    private LoginThrottle.Ticket let(Admission admission) {
        assertThat(admission).isInstanceOf(Let.class);
        return ((Let) admission).ticket();
    }

    private void fail(int times, String account, String client, Optional<String> device) {
        for (int i = 0; i < times; i++) {
            let(throttle.admit(account, client, device)).failed();
        }
    }

    private static Optional<Duration> waitOf(Admission admission) {
        return admission instanceof Wait wait ? Optional.of(wait.retryAfter()) : Optional.empty();
    }

    @Test
    void fromTheThresholdOnEachFailureDoublesTheWaitUpToTheCap() {
        fail(2, "ada", "203.0.113.9", NO_DEVICE);
        assertThat(let(attempt("ada", "203.0.113.9")).failed()).as("the third failure engages the pair's delay")
            .containsExactly(Scope.ACCOUNT_FROM_CLIENT);
        assertThat(waitOf(attempt("ada", "203.0.113.9"))).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        let(attempt("ada", "203.0.113.9")).failed();
        assertThat(waitOf(attempt("ada", "203.0.113.9"))).contains(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        let(attempt("ada", "203.0.113.9")).failed();
        assertThat(waitOf(attempt("ada", "203.0.113.9"))).contains(Duration.ofSeconds(4));

        clock.advance(Duration.ofSeconds(4));
        assertThat(attempt("ada", "203.0.113.9")).as("the wait is over, never a lockout").isInstanceOf(Let.class);
    }

    @Test
    void aSuccessClearsTheAccountsCountFromThatClientAndSaysWhetherItWasHeldBack() {
        fail(3, "ada", "203.0.113.9", NO_DEVICE);
        clock.advance(Duration.ofSeconds(1));

        assertThat(let(attempt("ada", "203.0.113.9")).succeeded()).containsExactly(Scope.ACCOUNT_FROM_CLIENT);
        fail(2, "ada", "203.0.113.9", NO_DEVICE);
        assertThat(attempt("ada", "203.0.113.9")).isInstanceOf(Let.class);
    }

    @Test
    void theOwnerFromAnotherAddressIsNotHeldBackByAnAttackersFailures() {
        fail(3, "ada", "203.0.113.9", NO_DEVICE);

        assertThat(waitOf(attempt("ada", "203.0.113.9"))).isPresent();
        assertThat(attempt("ada", "198.51.100.7")).isInstanceOf(Let.class);
    }

    @Test
    void oneClientGuessingManyAccountsIsHeldBackForAllOfThem() {
        for (int i = 0; i < 9; i++) {
            let(attempt("user-" + i, "203.0.113.9")).failed();
        }
        assertThat(let(attempt("user-9", "203.0.113.9")).failed()).containsExactly(Scope.CLIENT);

        assertThat(waitOf(attempt("somebody-new", "203.0.113.9"))).contains(Duration.ofSeconds(1));
        assertThat(attempt("somebody-new", "198.51.100.7")).isInstanceOf(Let.class);
    }

    @Test
    void manyAddressesGuessingOneAccountSlowEveryUnseenBrowserButNotAKnownDevice() {
        for (int i = 0; i < 19; i++) {
            let(attempt("grace", "198.51.100." + i)).failed();
        }
        assertThat(let(attempt("grace", "198.51.100.19")).failed()).containsExactly(Scope.ACCOUNT);

        assertThat(waitOf(attempt("grace", "192.0.2.1"))).as("a new address, a browser grace never used")
            .contains(Duration.ofSeconds(1));
        assertThat(throttle.admit("grace", "192.0.2.1", Optional.of("graces-laptop")))
            .as("grace's own browser keeps its budget").isInstanceOf(Let.class);
    }

    @Test
    void aKnownDeviceHasABudgetOfItsOwnWhichAStolenCookieCannotStretch() {
        fail(2, "grace", "203.0.113.9", Optional.of("graces-laptop"));
        assertThat(let(throttle.admit("grace", "203.0.113.9", Optional.of("graces-laptop"))).failed())
            .containsExactly(Scope.DEVICE);

        assertThat(waitOf(throttle.admit("grace", "198.51.100.1", Optional.of("graces-laptop"))))
            .as("the device is held back from any address").contains(Duration.ofSeconds(1));
        assertThat(throttle.admit("grace", "203.0.113.9", Optional.of("graces-phone"))).isInstanceOf(Let.class);
        assertThat(attempt("grace", "203.0.113.9")).as("the device's failures are its own")
            .isInstanceOf(Let.class);
    }

    @Test
    void anAttemptRefusedForOneKeyCountsAgainstNoOther() {
        fail(3, "ada", "203.0.113.9", NO_DEVICE);
        for (int i = 0; i < 100; i++) {
            assertThat(attempt("ada", "203.0.113.9")).isInstanceOf(Wait.class);
        }

        for (int i = 0; i < 16; i++) {
            let(attempt("ada", "198.51.100." + i)).failed();
        }
        assertThat(attempt("ada", "192.0.2.1")).as("the refused hundred never reached the account's count")
            .isInstanceOf(Let.class);
    }

    @Test
    void anAbandonedAttemptCountsNowhere() {
        fail(2, "ada", "203.0.113.9", NO_DEVICE);
        for (int i = 0; i < 5; i++) {
            let(attempt("ada", "203.0.113.9")).abandoned();
        }

        assertThat(let(attempt("ada", "203.0.113.9")).failed()).containsExactly(Scope.ACCOUNT_FROM_CLIENT);
    }

    @Test
    void countsAreForgottenAfterQuietTime() {
        fail(3, "ada", "203.0.113.9", NO_DEVICE);
        assertThat(attempt("ada", "203.0.113.9")).isInstanceOf(Wait.class);
        clock.advance(Duration.ofHours(24));

        let(attempt("ada", "203.0.113.9")).failed();
        assertThat(attempt("ada", "203.0.113.9")).as("counting starts again").isInstanceOf(Let.class);
    }

    @Test
    void everyAddressOfOneIpv6Slash64IsOneClient() {
        for (int i = 1; i <= 10; i++) {
            let(attempt("account-" + i, "2001:db8:7:7::" + Integer.toHexString(i))).failed();
        }

        assertThat(waitOf(attempt("someone-else", "2001:db8:7:7:ffff:1:2:3")))
            .as("ten failures from ten addresses of one /64 reach the client's threshold").isPresent();
        assertThat(waitOf(attempt("someone-else", "2001:db8:7:8::1"))).as("another /64 is another client").isEmpty();
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4Client() {
        fail(3, "ada", "::ffff:198.51.100.4", NO_DEVICE);

        assertThat(waitOf(attempt("ada", "198.51.100.4"))).isPresent();
    }
}
