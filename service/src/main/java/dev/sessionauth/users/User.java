package dev.sessionauth.users;

import java.security.Principal;
import java.time.Instant;
import java.util.Set;

/**
 * A row of the {@code users} table, loaded fresh on every authenticated request; the principal
 * that {@code @Auth User} injects. Immutable. Never serialize it to a client: it holds the
 * password hash; resources answer with their own views.
 *
 * @param roles the user's roles, empty when none; unmodifiable
 */
public record User(long id, String username, String passwordHash, Set<String> roles, boolean disabled,
                   Instant createdAt) implements Principal {

    public User {
        roles = Set.copyOf(roles);
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
