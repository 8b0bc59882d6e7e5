package dev.sessionauth.users;

import dev.sessionauth.bundle.Passkey;
import dev.sessionauth.bundle.PasskeyStorage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The users' passkeys, in the {@code passkeys} table ({@link PasskeyDao}), for the bundle's
 * {@code Passkeys}. A user key that is not a user ID has none.
 */
public final class UserPasskeys implements PasskeyStorage {

    /** SQLSTATE of a unique violation, in PostgreSQL and H2 alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final PasskeyDao passkeys;

    public UserPasskeys(PasskeyDao passkeys) {
        this.passkeys = passkeys;
    }

    @Override
    public Optional<Passkey> find(String credentialId) {
        return passkeys.find(credentialId);
    }

    @Override
    public List<Passkey> list(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return id.isEmpty() ? List.of() : passkeys.list(id.getAsLong());
    }

    /**
     * Stores the passkey unless its credential ID is registered: a registration that loses a race
     * with another for one credential meets the primary key, and stores nothing either.
     */
    @Override
    public boolean add(Passkey passkey) {
        OptionalLong id = User.idOf(passkey.userKey());
        if (id.isEmpty()) {
            return false;
        }
        try {
            return passkeys.insert(passkey.credentialId(), id.getAsLong(), passkey.name(), passkey.credentialData(),
                passkey.signCount(), passkey.uvInitialized(), passkey.backupEligible(), passkey.backedUp(),
                passkey.transports().stream().sorted().collect(Collectors.joining(",")), passkey.createdAt()) == 1;
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof java.sql.SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void used(String credentialId, long signCount, boolean backedUp, Instant usedAt) {
        passkeys.used(credentialId, signCount, backedUp, usedAt);
    }

    @Override
    public boolean remove(String userKey, String credentialId) {
        OptionalLong id = User.idOf(userKey);
        return id.isPresent() && passkeys.delete(id.getAsLong(), credentialId) == 1;
    }

    @Override
    public int removeAll(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return id.isEmpty() ? 0 : passkeys.deleteAll(id.getAsLong());
    }
}
