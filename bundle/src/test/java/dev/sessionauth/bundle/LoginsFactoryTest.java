package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginsFactoryTest {

    @Test
    void hashingTakesHalfOfTheCoresByDefaultNeverAll() {
        assertThat(LoginsFactory.defaultConcurrentHashes(1)).isEqualTo(1);
        assertThat(LoginsFactory.defaultConcurrentHashes(2)).isEqualTo(1);
        assertThat(LoginsFactory.defaultConcurrentHashes(3)).isEqualTo(1);
        assertThat(LoginsFactory.defaultConcurrentHashes(8)).isEqualTo(4);
    }

    @Test
    void aConfiguredBoundWins() {
        LoginsFactory logins = new LoginsFactory();
        logins.setConcurrentHashes(3);

        assertThat(logins.getConcurrentHashes()).isEqualTo(3);
    }
}
