package dev.sessionauth.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the host keeps its users' second factors, for {@link SecondFactors}: a TOTP secret, sealed
 * by the bundle (never stored or handed out in clear), and the digests of the user's unused
 * recovery codes. Users are named by the key the host's sessions carry. The bundle calls these
 * from request threads; implementations are thread-safe, and each write is one transaction.
 *
 * <p>The service keeps them in two tables beside its users ({@code second_factors},
 * {@code recovery_codes}); a host with JDBI can copy its {@code UserSecondFactors}.
 */
public interface SecondFactorStorage {

    /** The user's sealed TOTP secret; empty when the user has no TOTP factor. */
    Optional<String> totpSecret(String userKey);

    /**
     * Stores the user's TOTP factor, sealed, with the digests of new recovery codes, replacing any
     * earlier factor and codes, in one transaction.
     */
    void enrol(String userKey, String sealedTotpSecret, List<String> recoveryCodeDigests, Instant enrolledAt);

    /**
     * Replaces the user's sealed TOTP secret with the same secret sealed under the current key,
     * only if the row still holds {@code currentSealed} (a key rotation, done at the user's next
     * code; a removal or a new enrolment meanwhile wins).
     */
    void resealTotpSecret(String userKey, String currentSealed, String resealed);

    /** Replaces the user's recovery codes with new ones, in one transaction. */
    void replaceRecoveryCodes(String userKey, List<String> recoveryCodeDigests);

    /**
     * Uses up one recovery code: deletes the user's code with this digest.
     *
     * @return true for the one caller that deleted it; false when the user has no such code, or
     *         it was used already (so two requests racing with one code get one success)
     */
    boolean useRecoveryCode(String userKey, String digest);

    /** How many unused recovery codes the user has. */
    int recoveryCodesLeft(String userKey);

    /**
     * Removes every second factor of the user: the TOTP secret and the recovery codes.
     *
     * @return whether there was any
     */
    boolean removeAll(String userKey);

    /**
     * Whether the host's policy requires this user to have a second factor (an administrator,
     * say). Such a user without one is signed in by the password only to enrol one: every
     * {@code @Auth} resource but those marked {@link SecondFactorEnrolment} answers 403
     * {@value SecondFactors#ENROL_FIRST}. None is required by default.
     */
    default boolean isRequired(String userKey) {
        return false;
    }
}
