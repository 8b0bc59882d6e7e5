package dev.sessionauth.users;

import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A row of the {@code users} table, loaded fresh on every authenticated request; the principal
 * that {@code @Auth User} injects. Immutable. Never serialize it to a client: it holds the
 * password hash; resources answer with their own views.
 *
 * @param roles                 the user's roles, empty when none; unmodifiable
 * @param credentialsChangedAt  when the password last changed; null if it never did. A session
 *                              authenticated before then is refused
 */
public record User(long id, String username, String passwordHash, Set<String> roles, boolean disabled,
                   Instant createdAt, Instant credentialsChangedAt) implements Principal {

    public User {
        roles = Set.copyOf(roles);
    }

    /** When the password last changed; empty if it never did. */
    public Optional<Instant> lastCredentialsChange() {
        return Optional.ofNullable(credentialsChangedAt);
    }

    /** The user as sessions name them: the decimal text of the ID. */
    public String key() {
        return Long.toString(id);
    }

    /**
     * The ID a session's user key names; empty for a key that is not the decimal text of an ID,
     * which no session of this service carries.
     */
    public static OptionalLong idOf(String key) {
        if (key.isEmpty() || key.length() > 19) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(key));
        } catch (NumberFormatException beyondLong) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String getName() {
        return username;
    }

    /** Leaves out the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", roles=" + roles + ", disabled=" + disabled + "]";
    }
}
