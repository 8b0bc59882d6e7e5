package dev.sessionauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClaimedTokensTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void whenFullExpiredClaimsMakeRoomAndOtherwiseNewClaimsAreRefusedNeverAcceptedTwice() {
        ClaimedTokens tokens = new ClaimedTokens(clock, 2);
        assertThat(tokens.claim("a", Duration.ofMinutes(1))).isTrue();
        assertThat(tokens.claim("b", Duration.ofMinutes(10))).isTrue();

        assertThat(tokens.claim("c", Duration.ofMinutes(1))).as("full, nothing expired").isFalse();
        assertThat(tokens.claim("a", Duration.ofMinutes(1))).isFalse();

        clock.advance(Duration.ofMinutes(2));
        assertThat(tokens.claim("c", Duration.ofMinutes(1))).as("a's claim expired and was dropped").isTrue();
        assertThat(tokens.claim("b", Duration.ofMinutes(1))).as("b's still holds").isFalse();
        assertThat(tokens.size()).isEqualTo(2);
    }
}
