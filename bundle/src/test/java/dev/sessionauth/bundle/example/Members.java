package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.PasswordAccounts;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The example's own user store: members in memory, keyed by UUID, with the password hashes the
 * bundle made (Argon2id) or the ones they came with (bcrypt). A real application keeps them in its
 * database; the bundle reads them through {@link PasswordAccounts} to sign members in, and
 * {@link #find}, its {@code PrincipalLoader}, on every request. Thread-safe.
 */
public final class Members implements PasswordAccounts {

    private record Row(Member member, String passwordHash, Optional<Instant> passwordChangedAt, boolean disabled) {
    }

    private final Map<String, Row> byId = new ConcurrentHashMap<>();

    /** Adds a member with a password hash ({@code Logins.hash}, or one brought from another system). */
    public Member add(String name, String passwordHash, String... roles) {
        Member member = new Member(UUID.randomUUID().toString(), name, Set.of(roles));
        byId.put(member.id(), new Row(member, passwordHash, Optional.empty(), false));
        return member;
    }

    /** The member with this ID who may sign in; called by the bundle on every request. */
    public Optional<Member> find(String id) {
        return Optional.ofNullable(byId.get(id)).filter(row -> !row.disabled()).map(Row::member);
    }

    /** When the member's password last changed: sessions signed in before are refused. */
    public Optional<Instant> passwordChangedAt(Member member) {
        return Optional.ofNullable(byId.get(member.id())).flatMap(Row::passwordChangedAt);
    }

    @Override
    public Optional<Account> byUsername(String username) {
        return byId.values().stream().filter(row -> row.member().name().equals(username)).findFirst()
            .map(Members::account);
    }

    @Override
    public Optional<Account> byKey(String key) {
        return Optional.ofNullable(byId.get(key)).map(Members::account);
    }

    @Override
    public void changePassword(String key, String newHash, Instant changedAt) {
        byId.computeIfPresent(key, (id, row) -> new Row(row.member(), newHash, Optional.of(changedAt), row.disabled()));
    }

    @Override
    public void upgradeHash(String key, String currentHash, String upgradedHash) {
        byId.computeIfPresent(key, (id, row) -> row.passwordHash().equals(currentHash)
            ? new Row(row.member(), upgradedHash, row.passwordChangedAt(), row.disabled()) : row);
    }

    /** The stored hash; for the application's own tests. */
    public String passwordHash(String id) {
        return byId.get(id).passwordHash();
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
        byId.computeIfPresent(id, (key, row) -> new Row(row.member(), row.passwordHash(), row.passwordChangedAt(), true));
    }

    private void changeRoles(String id, Consumer<Set<String>> change) {
        byId.computeIfPresent(id, (key, row) -> {
            Set<String> roles = new HashSet<>(row.member().roles());
            change.accept(roles);
            Member member = new Member(id, row.member().name(), Set.copyOf(roles));
            return new Row(member, row.passwordHash(), row.passwordChangedAt(), row.disabled());
        });
    }

    private static Account account(Row row) {
        return new Account(row.member().id(), row.member().name(), row.passwordHash(), row.passwordChangedAt(),
            !row.disabled());
    }
}
