package dev.sessionauth.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The {@code users} table. Each method is one statement in its own transaction, or one transaction
 * where it says so; JDBI makes the on-demand instance thread-safe. Failures surface as JDBI's unchecked exceptions.
 */
@RegisterRowMapper(UserDao.UserMapper.class)
public interface UserDao {

    String COLUMNS = "id, username, password_hash, roles, disabled, created_at, credentials_changed_at";

    /** @return the user, or empty when no row has this ID */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<User> findById(@Bind("id") long id);

    /** @return the user, or empty when no row has this exact username */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE username = :username")
    Optional<User> findByUsername(@Bind("username") String username);

    /**
     * Inserts a user.
     *
     * @param roles comma-separated role names, or empty
     * @return the new user's ID
     * @throws org.jdbi.v3.core.statement.UnableToExecuteStatementException when the username is taken
     */
    @SqlUpdate("INSERT INTO users (username, password_hash, roles, disabled, created_at) "
        + "VALUES (:username, :passwordHash, :roles, :disabled, :createdAt)")
    @GetGeneratedKeys("id")
    long insert(@Bind("username") String username, @Bind("passwordHash") String passwordHash,
                @Bind("roles") String roles, @Bind("disabled") boolean disabled, @Bind("createdAt") Instant createdAt);

    /** @return how many rows changed: 1, or 0 for an unknown ID */
    @SqlUpdate("UPDATE users SET disabled = :disabled WHERE id = :id")
    int setDisabled(@Bind("id") long id, @Bind("disabled") boolean disabled);

    /**
     * Sets a new password hash and records when: sessions authenticated before {@code changedAt}
     * are refused from now on.
     *
     * @return how many rows changed: 1, or 0 for an unknown ID
     */
    @SqlUpdate("UPDATE users SET password_hash = :passwordHash, credentials_changed_at = :changedAt WHERE id = :id")
    int updatePasswordHash(@Bind("id") long id, @Bind("passwordHash") String passwordHash,
                           @Bind("changedAt") Instant changedAt);

    /** @return how many rows changed: 1, or 0 for an unknown ID */
    /**
     * Replaces the hash with another of the same password, only if the row still holds
     * {@code currentHash}; the credentials' date stays, since the password did not change.
     *
     * @return 1 when replaced, 0 when the password changed meanwhile or the user is gone
     */
    @SqlUpdate("UPDATE users SET password_hash = :upgradedHash WHERE id = :id AND password_hash = :currentHash")
    int upgradePasswordHash(@Bind("id") long id, @Bind("currentHash") String currentHash,
                            @Bind("upgradedHash") String upgradedHash);

    @SqlUpdate("UPDATE users SET roles = :roles WHERE id = :id")
    int updateRoles(@Bind("id") long id, @Bind("roles") String roles);

    /** @return how many rows were deleted: 1, or 0 for an unknown ID */
    @SqlUpdate("DELETE FROM users WHERE id = :id")
    int delete(@Bind("id") long id);

    /** What {@link #disableUnlessLastAdmin} and {@link #deleteUnlessLastAdmin} did. */
    enum Removal {
        /** The user was disabled or deleted. */
        DONE,
        /** No user has this ID. */
        NO_SUCH_USER,
        /** The user is the only enabled administrator; nothing changed. */
        LAST_ADMIN
    }

    /**
     * Locks, for the rest of the transaction, the rows of the enabled users with the {@code admin}
     * role, so that two administrators removing each other at once cannot both succeed.
     *
     * @return their IDs
     */
    @SqlQuery("SELECT id FROM users WHERE disabled = FALSE AND (',' || roles || ',') LIKE '%,admin,%' FOR UPDATE")
    List<Long> lockEnabledAdmins();

    /** Disables a user, unless they are the only enabled administrator. One transaction. */
    @Transaction
    default Removal disableUnlessLastAdmin(long id) {
        List<Long> admins = lockEnabledAdmins();
        if (admins.size() == 1 && admins.get(0) == id) {
            return Removal.LAST_ADMIN;
        }
        return setDisabled(id, true) == 1 ? Removal.DONE : Removal.NO_SUCH_USER;
    }

    /** Deletes a user, unless they are the only enabled administrator. One transaction. */
    @Transaction
    default Removal deleteUnlessLastAdmin(long id) {
        List<Long> admins = lockEnabledAdmins();
        if (admins.size() == 1 && admins.get(0) == id) {
            return Removal.LAST_ADMIN;
        }
        return delete(id) == 1 ? Removal.DONE : Removal.NO_SUCH_USER;
    }

    /** Joins role names for the {@code roles} column. */
    static String joinRoles(Collection<String> roles) {
        return roles.stream().map(String::trim).filter(r -> !r.isEmpty()).sorted().collect(Collectors.joining(","));
    }

    /** Maps a row to a {@link User}. */
    final class UserMapper implements RowMapper<User> {
        @Override
        public User map(ResultSet rs, StatementContext ctx) throws SQLException {
            String roles = rs.getString("roles");
            return new User(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("password_hash"),
                roles == null || roles.isBlank() ? Set.of()
                    : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty())
                        .collect(Collectors.toSet()),
                rs.getBoolean("disabled"),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("credentials_changed_at")).map(java.sql.Timestamp::toInstant)
                    .orElse(null));
        }
    }
}
