package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.Passkey;
import dev.sessionauth.bundle.PasskeyStorage;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The example's members' passkeys, in memory, keyed by credential ID as a real application's
 * table would be (its primary key), so that one credential is never registered twice. Thread-safe.
 */
public final class MemberPasskeys implements PasskeyStorage {

    private final Map<String, Passkey> byId = new ConcurrentHashMap<>();

    @Override
    public Optional<Passkey> find(String credentialId) {
        return Optional.ofNullable(byId.get(credentialId));
    }

    @Override
    public List<Passkey> list(String memberId) {
        return byId.values().stream().filter(passkey -> passkey.userKey().equals(memberId))
            .sorted(Comparator.comparing(Passkey::createdAt)).toList();
    }

    @Override
    public boolean add(Passkey passkey) {
        return byId.putIfAbsent(passkey.credentialId(), passkey) == null;
    }

    @Override
    public void used(String credentialId, long signCount, boolean backedUp, Instant usedAt) {
        byId.computeIfPresent(credentialId, (id, p) -> new Passkey(id, p.userKey(), p.name(), p.credentialData(),
            signCount, p.uvInitialized(), p.backupEligible(), backedUp, p.transports(), p.createdAt(), usedAt));
    }

    @Override
    public boolean remove(String memberId, String credentialId) {
        Passkey passkey = byId.get(credentialId);
        return passkey != null && passkey.userKey().equals(memberId) && byId.remove(credentialId, passkey);
    }

    @Override
    public int removeAll(String memberId) {
        List<Passkey> theirs = list(memberId);
        theirs.forEach(passkey -> byId.remove(passkey.credentialId(), passkey));
        return theirs.size();
    }
}
