package dev.sessionauth.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.bundle.Passkey;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The migrations and the DAO, run against each supported database by a subclass. */
abstract class UserDaoContract {

    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.123456Z");

    private ManagedDataSource dataSource;
    protected UserDao users;
    private UserLookup lookup;
    private UserSecondFactors factors;
    private UserPasskeys passkeys;

    /** A data source factory for an empty database (or schema) of the tested kind. */
    protected abstract DataSourceFactory emptyDatabase() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        DataSourceFactory database = emptyDatabase();
        UserDatabase.migrate(database, new MetricRegistry());
        dataSource = database.build(new MetricRegistry(), "user-dao-test");
        Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
        users = jdbi.onDemand(UserDao.class);
        lookup = new UserLookup(jdbi);
        factors = new UserSecondFactors(jdbi.onDemand(SecondFactorDao.class), users, Set.of("auditor"));
        passkeys = new UserPasskeys(jdbi.onDemand(PasskeyDao.class));
    }

    @AfterEach
    void close() throws Exception {
        if (dataSource != null) {
            dataSource.stop();
        }
    }

    @Test
    void insertedUserIsFoundByIdAndByName() {
        long id = users.insert("ada", "$argon2id$hash", "admin,user", false, CREATED);

        User byId = users.findById(id).orElseThrow();
        assertThat(users.findByUsername("ada")).contains(byId);
        assertThat(byId.username()).isEqualTo("ada");
        assertThat(byId.passwordHash()).isEqualTo("$argon2id$hash");
        assertThat(byId.roles()).containsExactlyInAnyOrder("admin", "user");
        assertThat(byId.disabled()).isFalse();
        assertThat(byId.createdAt()).isEqualTo(CREATED.truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void theRequestPathLookupReadsTheSameUserAsTheDao() {
        long id = users.insert("grace", "$argon2id$other", "user", true, CREATED);

        assertThat(lookup.findById(id)).isEqualTo(users.findById(id)).isPresent();
        assertThat(lookup.findById(id + 1000)).isEmpty();
    }

    @Test
    void idsAreAssignedInOrderStartingAtOne() {
        assertThat(users.insert("ada", "h", "", false, CREATED)).isEqualTo(1);
        assertThat(users.insert("grace", "h", "", false, CREATED)).isEqualTo(2);
    }

    @Test
    void unknownUsersAreEmpty() {
        users.insert("ada", "h", "", false, CREATED);

        assertThat(users.findById(999)).isEmpty();
        assertThat(users.findByUsername("nobody")).isEmpty();
        assertThat(users.findByUsername("ADA")).as("usernames are exact").isEmpty();
    }

    @Test
    void aTakenUsernameIsRefused() {
        users.insert("ada", "h", "", false, CREATED);

        assertThatThrownBy(() -> users.insert("ada", "other", "", false, CREATED))
            .isInstanceOf(UnableToExecuteStatementException.class);
        assertThat(users.findByUsername("ada").orElseThrow().passwordHash()).isEqualTo("h");
    }

    @Test
    void aUserWithoutRolesHasAnEmptySet() {
        long id = users.insert("grace", "h", UserDao.joinRoles(List.of()), false, CREATED);

        assertThat(users.findById(id).orElseThrow().roles()).isEmpty();
    }

    @Test
    void disablingAndEnablingAreStored() {
        long id = users.insert("ada", "h", "", false, CREATED);

        assertThat(users.setDisabled(id, true)).isEqualTo(1);
        assertThat(users.findById(id).orElseThrow().disabled()).isTrue();
        assertThat(users.setDisabled(id, false)).isEqualTo(1);
        assertThat(users.findById(id).orElseThrow().disabled()).isFalse();
    }

    @Test
    void passwordHashAndRolesCanBeChanged() {
        long id = users.insert("ada", "old", "user", false, CREATED);

        assertThat(users.findById(id).orElseThrow().lastCredentialsChange()).isEmpty();
        users.updatePasswordHash(id, "new", CREATED.plusSeconds(60));
        users.updateRoles(id, UserDao.joinRoles(List.of("user", " admin ")));

        User changed = users.findById(id).orElseThrow();
        assertThat(changed.passwordHash()).isEqualTo("new");
        assertThat(changed.lastCredentialsChange()).contains(CREATED.plusSeconds(60));
        assertThat(changed.roles()).isEqualTo(Set.of("admin", "user"));
    }

    @Test
    void deleteRemovesTheUser() {
        long id = users.insert("ada", "h", "", false, CREATED);

        assertThat(users.delete(id)).isEqualTo(1);

        assertThat(users.findById(id)).isEmpty();
        assertThat(users.delete(id)).isZero();
    }

    @Test
    void changesToUnknownIdsChangeNothing() {
        assertThat(users.setDisabled(42, true)).isZero();
        assertThat(users.updatePasswordHash(42, "x", CREATED)).isZero();
    }

    @Test
    void unicodeUsernamesRoundTrip() {
        long id = users.insert("\u00e5sa-\u65e5\u672c", "h", "", false, CREATED);

        assertThat(users.findByUsername("\u00e5sa-\u65e5\u672c").orElseThrow().id()).isEqualTo(id);
    }

    @Test
    void migratingAgainChangesNothing() throws Exception {
        users.insert("ada", "h", "", false, CREATED);

        UserDatabase.migrate(currentDatabase(), new MetricRegistry());

        assertThat(users.findByUsername("ada")).isPresent();
    }

    /** The factory of the database the test runs on, for a second migration. */
    protected abstract DataSourceFactory currentDatabase();

    @Test
    void secondFactorsAreStoredReplacedUsedOnceAndGoWithTheirUser() {
        String key = Long.toString(users.insert("ada", "$argon2id$hash", "user", false, CREATED));
        String other = Long.toString(users.insert("grace", "$argon2id$hash", "user", false, CREATED));

        factors.enrol(key, "v1.sealed", List.of("d1", "d2", "d3"), CREATED);
        factors.enrol(other, "v1.other", List.of("d1"), CREATED);

        assertThat(factors.totpSecret(key)).contains("v1.sealed");
        assertThat(factors.recoveryCodesLeft(key)).isEqualTo(3);
        assertThat(factors.useRecoveryCode(key, "d2")).isTrue();
        assertThat(factors.useRecoveryCode(key, "d2")).as("used once").isFalse();
        assertThat(factors.recoveryCodesLeft(key)).isEqualTo(2);
        assertThat(factors.recoveryCodesLeft(other)).as("another user's codes are their own").isEqualTo(1);

        factors.resealTotpSecret(key, "v1.stale", "v1.lost");
        assertThat(factors.totpSecret(key)).as("a reseal of what the row no longer holds").contains("v1.sealed");
        factors.resealTotpSecret(key, "v1.sealed", "v1.resealed");
        assertThat(factors.totpSecret(key)).contains("v1.resealed");

        factors.replaceRecoveryCodes(key, List.of("e1", "e2"));
        assertThat(factors.useRecoveryCode(key, "d1")).isFalse();
        assertThat(factors.recoveryCodesLeft(key)).isEqualTo(2);
        factors.enrol(key, "v1.again", List.of("f1"), CREATED);
        assertThat(factors.totpSecret(key)).contains("v1.again");
        assertThat(factors.recoveryCodesLeft(key)).isEqualTo(1);

        assertThat(factors.removeAll(key)).isTrue();
        assertThat(factors.removeAll(key)).isFalse();
        assertThat(factors.totpSecret(key)).isEmpty();
        assertThat(factors.recoveryCodesLeft(key)).isZero();

        users.delete(Long.parseLong(other));
        assertThat(factors.totpSecret(other)).as("rows go with their user").isEmpty();
        assertThat(factors.recoveryCodesLeft(other)).isZero();
        assertThat(factors.totpSecret("not-an-id")).isEmpty();
    }

    @Test
    void aSecondFactorIsRequiredOfUsersWithAConfiguredRole() {
        String auditor = Long.toString(users.insert("ada", "$argon2id$hash", "auditor,user", false, CREATED));
        String user = Long.toString(users.insert("grace", "$argon2id$hash", "user", false, CREATED));

        assertThat(factors.isRequired(auditor)).isTrue();
        assertThat(factors.isRequired(user)).isFalse();
        assertThat(factors.isRequired("404")).isFalse();
        users.updateRoles(Long.parseLong(user), "auditor");
        assertThat(factors.isRequired(user)).as("read as the database says now").isTrue();
    }

    @Test
    void passkeysAreStoredUniqueAcrossUsersUpdatedByUseAndGoWithTheirUser() {
        String key = Long.toString(users.insert("ada", "$argon2id$hash", "user", false, CREATED));
        String other = Long.toString(users.insert("grace", "$argon2id$hash", "user", false, CREATED));
        String longId = "c".repeat(1364);
        Passkey laptop = new Passkey(longId, key, "Laptop ✓", "d".repeat(4000), 0, true, true, false,
            Set.of("internal", "hybrid"), CREATED, null);
        Passkey phone = new Passkey("phone-id", key, "Phone", "data", 7, false, false, false, Set.of(),
            CREATED.plusSeconds(1), null);

        assertThat(passkeys.add(laptop)).isTrue();
        assertThat(passkeys.add(phone)).isTrue();
        assertThat(passkeys.add(new Passkey(longId, other, "Stolen", "other", 0, true, true, true, Set.of(), CREATED,
            null))).as("a credential ID is registered once, whoever asks").isFalse();

        assertThat(passkeys.find(longId)).contains(laptop);
        assertThat(passkeys.list(key)).containsExactly(laptop, phone);
        assertThat(passkeys.list(other)).isEmpty();
        passkeys.used("phone-id", 8, true, CREATED.plusSeconds(60));
        assertThat(passkeys.find("phone-id")).get().satisfies(used -> {
            assertThat(used.signCount()).isEqualTo(8);
            assertThat(used.backedUp()).isTrue();
            assertThat(used.lastUsed()).contains(CREATED.plusSeconds(60));
        });

        assertThat(passkeys.remove(other, "phone-id")).as("never another user's").isFalse();
        assertThat(passkeys.remove(key, "phone-id")).isTrue();
        assertThat(passkeys.remove(key, "phone-id")).isFalse();
        users.delete(Long.parseLong(key));
        assertThat(passkeys.find(longId)).as("rows go with their user").isEmpty();
        assertThat(passkeys.list("not-an-id")).isEmpty();
        assertThat(passkeys.removeAll(other)).isZero();
    }
}
