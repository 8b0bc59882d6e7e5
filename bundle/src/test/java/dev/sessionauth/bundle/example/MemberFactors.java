package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.SecondFactorStorage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The example's members' second factors, in memory: a TOTP secret as the bundle sealed it, and the
 * digests of the unused recovery codes. A real application keeps them in two tables beside its
 * users, each write in one transaction. Administrators must have one. Thread-safe.
 */
public final class MemberFactors implements SecondFactorStorage {

    private record Factors(String sealedSecret, Set<String> recoveryCodes) {
    }

    private final Map<String, Factors> byMember = new ConcurrentHashMap<>();
    private final Members members;

    public MemberFactors(Members members) {
        this.members = members;
    }

    /** An administrator without a second factor is signed in only to add one. */
    @Override
    public boolean isRequired(String memberId) {
        return members.find(memberId).filter(member -> member.roles().contains("admin")).isPresent();
    }

    @Override
    public Optional<String> totpSecret(String memberId) {
        return Optional.ofNullable(byMember.get(memberId)).map(Factors::sealedSecret);
    }

    @Override
    public void enrol(String memberId, String sealedSecret, List<String> recoveryCodes, Instant enrolledAt) {
        byMember.put(memberId, new Factors(sealedSecret, codes(recoveryCodes)));
    }

    @Override
    public void resealTotpSecret(String memberId, String currentSealed, String resealed) {
        byMember.computeIfPresent(memberId, (id, factors) -> factors.sealedSecret().equals(currentSealed)
            ? new Factors(resealed, factors.recoveryCodes()) : factors);
    }

    @Override
    public void replaceRecoveryCodes(String memberId, List<String> recoveryCodes) {
        byMember.computeIfPresent(memberId, (id, factors) -> new Factors(factors.sealedSecret(), codes(recoveryCodes)));
    }

    @Override
    public boolean useRecoveryCode(String memberId, String digest) {
        Factors factors = byMember.get(memberId);
        return factors != null && factors.recoveryCodes().remove(digest);
    }

    @Override
    public int recoveryCodesLeft(String memberId) {
        Factors factors = byMember.get(memberId);
        return factors == null ? 0 : factors.recoveryCodes().size();
    }

    @Override
    public boolean removeAll(String memberId) {
        return byMember.remove(memberId) != null;
    }

    private static Set<String> codes(List<String> digests) {
        Set<String> codes = ConcurrentHashMap.newKeySet();
        codes.addAll(digests);
        return codes;
    }
}
