package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

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

    @Test
    void onlyTodaysArgon2idIsCurrentAndEveryOtherHashIsToBeReplaced() {
        String older = Password.hash("correct-horse").addRandomSalt(16)
            .with(Argon2Function.getInstance(8192, 1, 1, 32, Argon2.ID)).getResult();

        assertThat(HASHER.isCurrent(HASHER.hash("correct-horse"))).isTrue();
        assertThat(HASHER.isCurrent(older)).isFalse();
        assertThat(HASHER.isCurrent(HostContract.NODE_BCRYPT_HASH)).isFalse();
    }

    @Test
    void bcryptFromNodeAndSpringVerifiesItsPasswordOnly() {
        String spring = new BCryptPasswordEncoder().encode("spring password");
        String springTwoY = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2Y, 4).encode("spring password");

        assertThat(HASHER.verify(HostContract.NODE_BCRYPT_PASSWORD, Optional.of(HostContract.NODE_BCRYPT_HASH))).isTrue();
        assertThat(HASHER.verify("correct horse battery stapl", Optional.of(HostContract.NODE_BCRYPT_HASH))).isFalse();
        assertThat(HASHER.verify("spring password", Optional.of(spring))).isTrue();
        assertThat(HASHER.verify("spring password", Optional.of(springTwoY))).isTrue();
        assertThat(HASHER.verify("spring passwore", Optional.of(springTwoY))).isFalse();
    }

    /** PBKDF2-SHA256 as a team's earlier system stored it: {@code pbkdf2$<iterations>$<salt>$<hash>}, base64. */
    private static final PasswordFormat PBKDF2 = new PasswordFormat() {
        @Override
        public boolean reads(String storedHash) {
            return storedHash.startsWith("pbkdf2$");
        }

        @Override
        public boolean verify(CharSequence password, String storedHash) {
            String[] parts = storedHash.split("\\$");
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            return MessageDigest.isEqual(pbkdf2(password, salt, Integer.parseInt(parts[1])),
                Base64.getDecoder().decode(parts[3]));
        }
    };

    private static byte[] pbkdf2(CharSequence password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toString().toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFormatTheHostAddsVerifiesItsHashesAndAHashNoFormatReadsIsRefused() {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        String stored = "pbkdf2$10000$" + Base64.getEncoder().encodeToString(salt) + "$"
            + Base64.getEncoder().encodeToString(pbkdf2("brought along", salt, 10_000));
        PasswordHasher withFormat = new PasswordHasher(1, 8, java.time.Duration.ofSeconds(5), List.of(PBKDF2));

        assertThat(withFormat.verify("brought along", Optional.of(stored))).isTrue();
        assertThat(withFormat.verify("brought alone", Optional.of(stored))).isFalse();
        assertThat(withFormat.isCurrent(stored)).isFalse();
        assertThat(HASHER.verify("brought along", Optional.of(stored))).as("no format reads it").isFalse();
    }
}
