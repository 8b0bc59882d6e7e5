package dev.sessionauth.bundle.example;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The example's own user store: members in memory, keyed by UUID, with salted PBKDF2 password
 * hashes. A real application keeps them in its database; what the bundle needs of it is
 * {@link #find}, its {@code PrincipalLoader}. Thread-safe.
 */
public final class Members {

    private static final int ITERATIONS = 10_000;

    private record Account(Member member, byte[] salt, byte[] hash, boolean disabled) {
    }

    private final Map<String, Account> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Adds a member and returns it. */
    public Member add(String name, String password, String... roles) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Member member = new Member(UUID.randomUUID().toString(), name, Set.of(roles));
        byId.put(member.id(), new Account(member, salt, hash(password, salt), false));
        return member;
    }

    /** The member with this ID who may sign in; called by the bundle on every request. */
    public Optional<Member> find(String id) {
        return Optional.ofNullable(byId.get(id)).filter(account -> !account.disabled()).map(Account::member);
    }

    /** The member with this name and password; empty for any mismatch, after the same work. */
    public Optional<Member> authenticate(String name, String password) {
        Account account = byId.values().stream().filter(a -> a.member().name().equals(name)).findFirst().orElse(null);
        byte[] salt = account == null ? new byte[16] : account.salt();
        boolean matches = MessageDigest.isEqual(hash(password, salt), account == null ? new byte[32] : account.hash());
        return matches && account != null && !account.disabled() ? Optional.of(account.member()) : Optional.empty();
    }

    /** Gives a member one more role; it counts on their next request. */
    public void grant(String id, String role) {
        changeRoles(id, roles -> roles.add(role));
    }

    /** Takes a role away; it counts on the member's next request. */
    public void revoke(String id, String role) {
        changeRoles(id, roles -> roles.remove(role));
    }

    /** Stops a member signing in; their sessions are refused from their next request on. */
    public void disable(String id) {
        byId.computeIfPresent(id, (key, account) -> new Account(account.member(), account.salt(), account.hash(), true));
    }

    private void changeRoles(String id, Consumer<Set<String>> change) {
        byId.computeIfPresent(id, (key, account) -> {
            Set<String> roles = new HashSet<>(account.member().roles());
            change.accept(roles);
            Member member = new Member(id, account.member().name(), Set.copyOf(roles));
            return new Account(member, account.salt(), account.hash(), account.disabled());
        });
    }

    private static byte[] hash(String password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JVM", e);
        }
    }
}
