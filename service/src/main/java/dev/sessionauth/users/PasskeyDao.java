package dev.sessionauth.users;

import dev.sessionauth.bundle.Passkey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code passkeys} table: one row per registered credential, keyed by its credential ID
 * across all users; rows go with their user ({@code ON DELETE CASCADE}). Each method is one
 * statement.
 */
@RegisterRowMapper(PasskeyDao.PasskeyMapper.class)
public interface PasskeyDao {

    String COLUMNS = "credential_id, user_id, name, credential_data, sign_count, uv_initialized, backup_eligible, "
        + "backed_up, transports, created_at, last_used_at";

    @SqlQuery("SELECT " + COLUMNS + " FROM passkeys WHERE credential_id = :id")
    Optional<Passkey> find(@Bind("id") String credentialId);

    @SqlQuery("SELECT " + COLUMNS + " FROM passkeys WHERE user_id = :user ORDER BY created_at, credential_id")
    List<Passkey> list(@Bind("user") long userId);

    /**
     * @return 1 for a new row, 0 when the credential ID is registered already: one statement, so
     *         that of two registrations racing with one credential one stores it
     */
    @SqlUpdate("INSERT INTO passkeys (" + COLUMNS + ") SELECT :id, :user, :name, :data, :count, :uv, :be, :bs, "
        + ":transports, :created, NULL FROM (SELECT 1 AS one) AS single "
        + "WHERE NOT EXISTS (SELECT 1 FROM passkeys WHERE credential_id = :id)")
    int insert(@Bind("id") String credentialId, @Bind("user") long userId, @Bind("name") String name,
               @Bind("data") String credentialData, @Bind("count") long signCount, @Bind("uv") boolean uvInitialized,
               @Bind("be") boolean backupEligible, @Bind("bs") boolean backedUp, @Bind("transports") String transports,
               @Bind("created") Instant createdAt);

    @SqlUpdate("UPDATE passkeys SET sign_count = :count, backed_up = :bs, last_used_at = :at WHERE credential_id = :id")
    int used(@Bind("id") String credentialId, @Bind("count") long signCount, @Bind("bs") boolean backedUp,
             @Bind("at") Instant usedAt);

    @SqlUpdate("DELETE FROM passkeys WHERE credential_id = :id AND user_id = :user")
    int delete(@Bind("user") long userId, @Bind("id") String credentialId);

    @SqlUpdate("DELETE FROM passkeys WHERE user_id = :user")
    int deleteAll(@Bind("user") long userId);

    /** Maps a row to a {@link Passkey}, its user key the user's ID as text. */
    final class PasskeyMapper implements RowMapper<Passkey> {
        @Override
        public Passkey map(ResultSet rs, StatementContext ctx) throws SQLException {
            String transports = rs.getString("transports");
            Timestamp lastUsed = rs.getTimestamp("last_used_at");
            return new Passkey(rs.getString("credential_id"), Long.toString(rs.getLong("user_id")), rs.getString("name"),
                rs.getString("credential_data"), rs.getLong("sign_count"), rs.getBoolean("uv_initialized"),
                rs.getBoolean("backup_eligible"), rs.getBoolean("backed_up"),
                transports.isEmpty() ? Set.of() : Arrays.stream(transports.split(",")).collect(Collectors.toSet()),
                rs.getTimestamp("created_at").toInstant(), lastUsed == null ? null : lastUsed.toInstant());
        }
    }
}
