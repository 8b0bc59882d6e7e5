package dev.sessionauth.bundle;

/**
 * A kind of password hash the host brings from an earlier system, beyond the Argon2id and bcrypt
 * the bundle reads itself: PBKDF2, scrypt, a framework's own encoding. The bundle verifies such a
 * hash at sign-in, in a hashing slot like any other, and replaces it with Argon2id of the same
 * password once it verifies ({@link PasswordAccounts#upgradeHash}); so the format is needed only
 * until every user has signed in once. Implement it with a maintained library, never by hand.
 * Implementations must be thread-safe.
 */
public interface PasswordFormat {

    /** Whether this format wrote {@code storedHash}, from its shape alone (a prefix, a length). */
    boolean reads(String storedHash);

    /**
     * Whether {@code password} is the one {@code storedHash} was made from, compared in constant
     * time. Only called with a hash {@link #reads} accepted; an exception refuses the sign-in.
     */
    boolean verify(CharSequence password, String storedHash);
}
