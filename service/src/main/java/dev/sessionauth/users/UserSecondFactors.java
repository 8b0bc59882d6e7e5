package dev.sessionauth.users;

import dev.sessionauth.bundle.SecondFactorStorage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The service's users' second factors, as the bundle reads and writes them: in
 * {@code second_factors} and {@code recovery_codes}, keyed by the user's ID; which users must have
 * one, by their roles ({@code users.secondFactorRoles}). A key that names no
 * user ID has no factor and stores nothing. Thread-safe.
 */
public final class UserSecondFactors implements SecondFactorStorage {

    private final SecondFactorDao factors;
    private final UserDao users;
    private final Set<String> requiredRoles;

    /** @param requiredRoles the roles whose users must have a second factor ({@code users.secondFactorRoles}) */
    public UserSecondFactors(SecondFactorDao factors, UserDao users, Set<String> requiredRoles) {
        this.factors = factors;
        this.users = users;
        this.requiredRoles = Set.copyOf(requiredRoles);
    }

    /** Whether the user has one of {@code users.secondFactorRoles}, as the database says now. */
    @Override
    public boolean isRequired(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return !requiredRoles.isEmpty() && id.isPresent() && users.findById(id.getAsLong())
            .filter(user -> user.roles().stream().anyMatch(requiredRoles::contains)).isPresent();
    }

    @Override
    public Optional<String> totpSecret(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return id.isEmpty() ? Optional.empty() : factors.totpSecret(id.getAsLong());
    }

    @Override
    public void enrol(String userKey, String sealedTotpSecret, List<String> recoveryCodeDigests, Instant enrolledAt) {
        factors.enrol(idOf(userKey), sealedTotpSecret, recoveryCodeDigests, enrolledAt);
    }

    @Override
    public void resealTotpSecret(String userKey, String currentSealed, String resealed) {
        factors.resealTotp(idOf(userKey), currentSealed, resealed);
    }

    @Override
    public void replaceRecoveryCodes(String userKey, List<String> recoveryCodeDigests) {
        factors.replaceRecoveryCodes(idOf(userKey), recoveryCodeDigests);
    }

    @Override
    public boolean useRecoveryCode(String userKey, String digest) {
        OptionalLong id = User.idOf(userKey);
        return id.isPresent() && factors.useRecoveryCode(id.getAsLong(), digest) == 1;
    }

    @Override
    public int recoveryCodesLeft(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return id.isEmpty() ? 0 : factors.recoveryCodesLeft(id.getAsLong());
    }

    @Override
    public boolean removeAll(String userKey) {
        OptionalLong id = User.idOf(userKey);
        return id.isPresent() && factors.removeAll(id.getAsLong());
    }

    private static long idOf(String userKey) {
        return User.idOf(userKey).orElseThrow(() -> new IllegalArgumentException("not a user key: " + userKey));
    }
}
