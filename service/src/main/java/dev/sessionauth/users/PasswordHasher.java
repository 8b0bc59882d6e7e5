package dev.sessionauth.users;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes and verifies passwords with Argon2id (OWASP's parameters: 19 MiB, 2 iterations, 1 lane),
 * stored as PHC strings ({@code $argon2id$v=19$m=19456,t=2,p=1$...}), so hashes made with other
 * parameters still verify after the parameters change. Thread-safe.
 */
public final class PasswordHasher {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);
    private static final Argon2Function ARGON2 =
        Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

    /** Verified against when the user does not exist, so that case costs one hash too. */
    private final String decoyHash = hash("decoy password for unknown users");

    /** Returns a new salted hash of {@code password}. */
    public String hash(CharSequence password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    /**
     * Verifies a password. Spends one hash whether or not there is a stored hash, so the time taken
     * does not tell whether a username exists.
     *
     * @param storedHash the user's hash, or empty when there is no such user
     * @return true only when there is a stored hash and the password matches it
     */
    public boolean verify(CharSequence password, Optional<String> storedHash) {
        String hash = storedHash.orElse(decoyHash);
        boolean matches;
        try {
            matches = Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            LOG.error("A stored password hash is not a valid Argon2 PHC string; the login is refused");
            matches = false;
        }
        return matches && storedHash.isPresent();
    }
}
