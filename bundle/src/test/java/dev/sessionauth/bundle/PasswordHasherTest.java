package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final PasswordHasher HASHER = new PasswordHasher();

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String hash = HASHER.hash("correct-horse");

        assertThat(HASHER.verify("correct-horse", Optional.of(hash))).isTrue();
        assertThat(HASHER.verify("correct-horsf", Optional.of(hash))).isFalse();
        assertThat(HASHER.verify("", Optional.of(hash))).isFalse();
    }

    @Test
    void hashesAreSaltedArgon2idWithOwaspParameters() {
        String first = HASHER.hash("same password");
        String second = HASHER.hash("same password");

        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(second);
    }

    @Test
    void anUnknownUserNeverVerifiesNotEvenWithTheDecoyPassword() {
        assertThat(HASHER.verify("decoy password for unknown users", Optional.empty())).isFalse();
        assertThat(HASHER.verify("anything", Optional.empty())).isFalse();
    }

    @Test
    void hashesMadeWithOtherParametersStillVerify() {
        String older = Password.hash("correct-horse").addRandomSalt(16)
            .with(Argon2Function.getInstance(8 * 1024, 3, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13))
            .getResult();

        assertThat(HASHER.verify("correct-horse", Optional.of(older))).isTrue();
    }

    @Test
    void hashesTheEarlierPureJavaHasherStoredStillVerify() {
        for (String password : new String[] {"correct-horse", "pässwörd ✓ 密码", "p".repeat(300)}) {
            String stored = Password.hash(password).addRandomSalt(16)
                .with(Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13))
                .getResult();

            assertThat(HASHER.verify(password, Optional.of(stored))).as(password).isTrue();
            assertThat(HASHER.verify(password + "x", Optional.of(stored))).isFalse();
            assertThat(Password.check(password, HASHER.hash(password))
                .with(Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13)))
                .as("and the other way round").isTrue();
        }
    }

    @Test
    void aCorruptStoredHashRefusesTheLogin() {
        assertThat(HASHER.verify("correct-horse", Optional.of("not-a-phc-string"))).isFalse();
        assertThat(HASHER.verify("correct-horse", Optional.of("$argon2id$v=19$m=19456,t=2,p=1$broken"))).isFalse();
        assertThat(HASHER.verify("correct-horse", Optional.of("$argon2id$v=19$m=99999999,t=2,p=1$"
            + "AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).as("no 95 GiB hash").isFalse();
    }

    @Test
    void longPasswordsAreNotTruncated() {
        String base = "p".repeat(100);
        String hash = HASHER.hash(base + "A");

        assertThat(HASHER.verify(base + "B", Optional.of(hash))).isFalse();
    }
}
