package dev.sessionauth.store.ability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClaimedTokensTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void aTokenIsClaimedOnceUntilItsClaimExpires() {
        ClaimedTokens tokens = new ClaimedTokens(clock, 10);

        assertThat(tokens.claim("a", Duration.ofMinutes(1))).isTrue();
        assertThat(tokens.claim("a", Duration.ofMinutes(1))).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.claim("a", Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void whenFullTheOldestClaimsAreDroppedSoANewClaimIsNeverRefused() {
        ClaimedTokens tokens = new ClaimedTokens(clock, 2);
        assertThat(tokens.claim("a", Duration.ofMinutes(10))).isTrue();
        assertThat(tokens.claim("b", Duration.ofMinutes(10))).isTrue();

        assertThat(tokens.claim("c", Duration.ofMinutes(10))).as("full: a, the oldest, makes room").isTrue();
        assertThat(tokens.claim("b", Duration.ofMinutes(10))).as("b's claim still holds").isFalse();
        assertThat(tokens.claim("c", Duration.ofMinutes(10))).isFalse();
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.dropped()).isEqualTo(1);
    }

    @Test
    void expiredClaimsMakeRoomBeforeLiveOnes() {
        ClaimedTokens tokens = new ClaimedTokens(clock, 2);
        tokens.claim("a", Duration.ofMinutes(10));
        tokens.claim("b", Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));

        assertThat(tokens.claim("c", Duration.ofMinutes(10))).isTrue();
        assertThat(tokens.claim("a", Duration.ofMinutes(10))).as("b, expired, made room; a was kept").isFalse();
        assertThat(tokens.dropped()).isZero();
    }
}
