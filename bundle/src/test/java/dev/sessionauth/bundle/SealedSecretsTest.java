package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

    private static final String OLD = "old-second-factor-key-0123456789abcdef";
    private static final String NEW = "new-second-factor-key-0123456789abcdef";
    private static final byte[] SECRET = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

    private final SealedSecrets sealed = new SealedSecrets(List.of(OLD));

    @Test
    void aSealedSecretOpensForItsOwnerAndPurposeOnly() {
        String value = sealed.seal(SECRET, "totp", "42");

        assertThat(value).startsWith("v1.").doesNotContain("AQIDBAUGBwgJCgsMDQ4PEBESExQ");
        assertThat(sealed.open(value, "totp", "42")).get().satisfies(opened -> {
            assertThat(opened.secret()).isEqualTo(SECRET);
            assertThat(opened.current()).isTrue();
        });
        assertThat(sealed.open(value, "totp", "43")).as("another user's row").isEmpty();
        assertThat(sealed.open(value, "totp enrolment 1", "42")).as("another purpose").isEmpty();
    }

    @Test
    void eachSealingIsFresh() {
        assertThat(sealed.seal(SECRET, "totp", "42")).isNotEqualTo(sealed.seal(SECRET, "totp", "42"));
    }

    @Test
    void afterARotationTheOldKeyStillOpensButIsNotCurrent() {
        String underOld = sealed.seal(SECRET, "totp", "42");
        SealedSecrets rotated = new SealedSecrets(List.of(NEW, OLD));
        SealedSecrets oldRemoved = new SealedSecrets(List.of(NEW));

        assertThat(rotated.open(underOld, "totp", "42")).get().satisfies(opened -> {
            assertThat(opened.secret()).isEqualTo(SECRET);
            assertThat(opened.current()).isFalse();
        });
        assertThat(rotated.open(rotated.seal(SECRET, "totp", "42"), "totp", "42").orElseThrow().current()).isTrue();
        assertThat(oldRemoved.open(underOld, "totp", "42")).isEmpty();
    }

    @Test
    void tamperedOrMalformedValuesOpenToNothing() {
        String value = sealed.seal(SECRET, "totp", "42");
        char last = value.charAt(value.length() - 1);
        String tampered = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(sealed.open(tampered, "totp", "42")).isEmpty();
        assertThat(sealed.open("v1.", "totp", "42")).isEmpty();
        assertThat(sealed.open("v1.!!!", "totp", "42")).isEmpty();
        assertThat(sealed.open("v2." + value.substring(3), "totp", "42")).isEmpty();
        assertThat(sealed.open(null, "totp", "42")).isEmpty();
    }
}
