package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    /** RFC 6238's SHA-1 seed. */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 appendix B, SHA-1: the eight-digit values cut to the six digits apps show. */
    @ParameterizedTest
    @CsvSource({"59, 287082", "1111111109, 081804", "1111111111, 050471", "1234567890, 005924",
        "2000000000, 279037", "20000000000, 353130"})
    void theRfcTestVectors(long seconds, String code) {
        assertThat(Totp.code(SEED, Totp.stepOf(Instant.ofEpochSecond(seconds)))).isEqualTo(code);
    }

    @Test
    void aCodeMatchesItsStepAndOneEitherSideButNoFurther() {
        Instant now = Instant.ofEpochSecond(1_234_567_890);
        long step = Totp.stepOf(now);

        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step), now)).hasValue(step);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step - 1), now)).hasValue(step - 1);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step + 1), now)).hasValue(step + 1);
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step - 2), now)).isEmpty();
        assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step + 2), now)).isEmpty();
    }

    @Test
    void spacesAreIgnoredAndAnythingButSixDigitsMatchesNothing() {
        Instant now = Instant.ofEpochSecond(59);
        assertThat(Totp.matchingStep(SEED, "287 082", now)).isPresent();
        assertThat(Totp.matchingStep(SEED, "28708", now)).isEmpty();
        assertThat(Totp.matchingStep(SEED, "2870822", now)).isEmpty();
        assertThat(Totp.matchingStep(SEED, "28708a", now)).isEmpty();
        assertThat(Totp.matchingStep(SEED, "\uff12\uff18\uff17\uff10\uff18\uff12", now)).as("full-width digits").isEmpty();
        assertThat(Totp.matchingStep(SEED, null, now)).isEmpty();
    }

    /** RFC 4648's base32 test vectors, without padding. */
    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void base32AsRfc4648(String text, String encoded) {
        assertThat(Totp.base32(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    }

    @Test
    void theKeyUriNamesIssuerAndAccountEscaped() {
        assertThat(Totp.keyUri("Acme Co", "ada@example.org", SEED))
            .isEqualTo("otpauth://totp/Acme%20Co:ada%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Acme%20Co&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void newSecretsAreTwentyRandomBytes() {
        assertThat(Totp.newSecret()).hasSize(20).isNotEqualTo(Totp.newSecret());
    }
}
