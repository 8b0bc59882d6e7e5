package dev.sessionauth.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The {@code second_factors} and {@code recovery_codes} tables: a user's sealed TOTP secret and the
 * digests of their unused recovery codes. Rows go with their user ({@code ON DELETE CASCADE}).
 * Each method is one statement, or one transaction where it says so.
 */
public interface SecondFactorDao {

    @SqlQuery("SELECT totp_secret FROM second_factors WHERE user_id = :id")
    Optional<String> totpSecret(@Bind("id") long id);

    @SqlUpdate("DELETE FROM second_factors WHERE user_id = :id")
    int deleteTotp(@Bind("id") long id);

    @SqlUpdate("DELETE FROM recovery_codes WHERE user_id = :id")
    int deleteRecoveryCodes(@Bind("id") long id);

    @SqlUpdate("INSERT INTO second_factors (user_id, totp_secret, enrolled_at) VALUES (:id, :secret, :at)")
    void insertTotp(@Bind("id") long id, @Bind("secret") String sealedSecret, @Bind("at") Instant enrolledAt);

    @SqlBatch("INSERT INTO recovery_codes (user_id, code_digest) VALUES (:id, :digest)")
    void insertRecoveryCodes(@Bind("id") long id, @Bind("digest") List<String> digests);

    /** @return 1 when the row still held {@code current}, else 0 */
    @SqlUpdate("UPDATE second_factors SET totp_secret = :resealed WHERE user_id = :id AND totp_secret = :current")
    int resealTotp(@Bind("id") long id, @Bind("current") String current, @Bind("resealed") String resealed);

    /** @return 1 for the one caller that deleted the code, else 0 */
    @SqlUpdate("DELETE FROM recovery_codes WHERE user_id = :id AND code_digest = :digest")
    int useRecoveryCode(@Bind("id") long id, @Bind("digest") String digest);

    @SqlQuery("SELECT COUNT(*) FROM recovery_codes WHERE user_id = :id")
    int recoveryCodesLeft(@Bind("id") long id);

    /** Replaces the user's TOTP factor and recovery codes. One transaction. */
    @Transaction
    default void enrol(long id, String sealedSecret, List<String> digests, Instant enrolledAt) {
        deleteTotp(id);
        deleteRecoveryCodes(id);
        insertTotp(id, sealedSecret, enrolledAt);
        insertRecoveryCodes(id, digests);
    }

    /** Replaces the user's recovery codes. One transaction. */
    @Transaction
    default void replaceRecoveryCodes(long id, List<String> digests) {
        deleteRecoveryCodes(id);
        insertRecoveryCodes(id, digests);
    }

    /** Removes the user's TOTP factor and recovery codes. One transaction. @return whether there was any */
    @Transaction
    default boolean removeAll(long id) {
        return deleteTotp(id) + deleteRecoveryCodes(id) > 0;
    }
}
