package dev.sessionauth.bundle;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's users, as signing in needs them: what the bundle's {@link Logins} reads to check a
 * password, and writes when a password changes or its hash is upgraded. Read from where the
 * users are kept (the database), never from a cache: the password change race is decided on what
 * these return. Implementations must be thread-safe.
 */
public interface PasswordAccounts {

    /**
     * An account as a sign-in sees it.
     *
     * @param key                  the user key sessions are started with, as the {@link PrincipalLoader} reads it
     * @param username             the name the user signs in with, as stored
     * @param passwordHash         the stored hash: Argon2id, bcrypt, or a {@link PasswordFormat} the host added
     * @param credentialsChangedAt when the password last changed, if ever; sessions signed in before are refused
     * @param enabled              false refuses the sign-in, with the answer a wrong password gets
     */
    record Account(String key, String username, String passwordHash, Optional<Instant> credentialsChangedAt,
                   boolean enabled) {

        public Account {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(passwordHash, "passwordHash");
            Objects.requireNonNull(credentialsChangedAt, "credentialsChangedAt");
        }

        /** Never the hash: a logged account says nothing to crack. */
        @Override
        public String toString() {
            return "Account[key=" + key + ", enabled=" + enabled + "]";
        }
    }

    /** The account a typed username names, compared as the host compares usernames; empty when none. */
    Optional<Account> byUsername(String username);

    /** The account under a user key, as stored now; empty when it is gone. */
    Optional<Account> byKey(String key);

    /**
     * Stores a new password's hash and dates the change: every session signed in before
     * {@code changedAt} is refused from then on. Called by {@link Logins#changePassword} once the
     * current password has been proved.
     */
    void changePassword(String key, String newHash, Instant changedAt);

    /**
     * Replaces a hash of an older kind (bcrypt, a {@link PasswordFormat}, Argon2id with older
     * parameters) with Argon2id of the same password, just proved at sign-in: only if the account
     * still holds {@code currentHash} (a compare-and-set, so a password change made meanwhile wins),
     * and without dating a change, since the password is the same. A failure is logged and the
     * sign-in stands; the next one tries again.
     */
    void upgradeHash(String key, String currentHash, String upgradedHash);
}
