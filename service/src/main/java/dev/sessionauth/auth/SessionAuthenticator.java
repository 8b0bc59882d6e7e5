package dev.sessionauth.auth;

import dev.sessionauth.store.Session;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserLookup;
import io.dropwizard.auth.Authenticator;
import java.util.Optional;

/**
 * Loads the session's user from the database on every request, so a role change or a disabled
 * account takes effect at once. Empty for a user who was deleted or disabled. Thread-safe.
 */
public final class SessionAuthenticator implements Authenticator<Session, User> {

    private final UserLookup users;

    public SessionAuthenticator(UserLookup users) {
        this.users = users;
    }

    @Override
    public Optional<User> authenticate(Session session) {
        return users.findById(session.userId()).filter(user -> !user.disabled());
    }
}
