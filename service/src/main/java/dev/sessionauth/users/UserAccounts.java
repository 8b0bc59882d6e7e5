package dev.sessionauth.users;

import dev.sessionauth.bundle.PasswordAccounts;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * The service's users as the bundle's sign-in reads and writes them: straight from the database,
 * never from the {@link UserCache}, and every write told to the cache's invalidation on every
 * node. Thread-safe.
 */
public final class UserAccounts implements PasswordAccounts {

    private final UserDao users;
    private final LongConsumer changed;

    /** @param changed told of each user whose row changed, once committed ({@code UserCache#changed}) */
    public UserAccounts(UserDao users, LongConsumer changed) {
        this.users = users;
        this.changed = changed;
    }

    @Override
    public Optional<Account> byUsername(String username) {
        return users.findByUsername(username).map(UserAccounts::account);
    }

    @Override
    public Optional<Account> byKey(String key) {
        OptionalLong id = User.idOf(key);
        return id.isEmpty() ? Optional.empty() : users.findById(id.getAsLong()).map(UserAccounts::account);
    }

    @Override
    public void changePassword(String key, String newHash, Instant changedAt) {
        long id = User.idOf(key).orElseThrow();
        users.updatePasswordHash(id, newHash, changedAt);
        changed.accept(id);
    }

    @Override
    public void upgradeHash(String key, String currentHash, String upgradedHash) {
        long id = User.idOf(key).orElseThrow();
        if (users.upgradePasswordHash(id, currentHash, upgradedHash) == 1) {
            changed.accept(id);
        }
    }

    private static Account account(User user) {
        return new Account(user.key(), user.username(), user.passwordHash(), user.lastCredentialsChange(),
            !user.disabled());
    }
}
