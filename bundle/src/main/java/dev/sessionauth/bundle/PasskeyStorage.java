package dev.sessionauth.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the host keeps its users' passkeys ({@link Passkeys}): in its own database, beside its
 * users. Give it to {@link SessionAuthBundle#logins(LoginsFactory, PasswordAccounts,
 * SecondFactorStorage, PasskeyStorage)} with {@code logins.passkeys} configured. A credential ID is
 * unique across all accounts: make it the table's primary key.
 */
public interface PasskeyStorage {

    /** The passkey with this credential ID, whoever's it is; empty when none is registered. */
    Optional<Passkey> find(String credentialId);

    /** The user's passkeys, oldest first; empty when none. */
    List<Passkey> list(String userKey);

    /**
     * Registers a passkey.
     *
     * @return false, storing nothing, when its credential ID is registered already, to this
     *         account or another
     */
    boolean add(Passkey passkey);

    /** Records a use: the authenticator's new counter, whether it is now backed up, and when. */
    void used(String credentialId, long signCount, boolean backedUp, Instant usedAt);

    /**
     * Removes one of the user's passkeys.
     *
     * @return false when the user has no passkey with this credential ID (another user's is never removed)
     */
    boolean remove(String userKey, String credentialId);

    /**
     * Removes every passkey of the user (an administrator's reset).
     *
     * @return how many there were
     */
    int removeAll(String userKey);
}
