package dev.sessionauth.users;

import dev.sessionauth.auth.Credentials;
import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.Sessions;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Account changes that must end sessions at once, not on the user's next request: disabling or
 * deleting a user, and revoking all of a user's sessions. The account is changed first, so no new
 * login can slip in between; then every session of the user is ended. Thread-safe.
 */
public final class Accounts {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private final UserDao users;
    private final Sessions sessions;

    public Accounts(UserDao users, Sessions sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    /**
     * A user by ID when {@code idOrUsername} is all digits and such a user exists, else by username,
     * spaces around it ignored; empty for a name with a control character, which no user has.
     */
    public Optional<User> find(String idOrUsername) {
        if (!Credentials.isPrintable(idOrUsername)) {
            return Optional.empty();
        }
        String wanted = idOrUsername.strip();
        if (DIGITS.matcher(wanted).matches()) {
            Optional<User> byId = users.findById(Long.parseLong(wanted));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return users.findByUsername(wanted);
    }

    public Optional<User> find(long id) {
        return users.findById(id);
    }

    /**
     * Disables a user and ends all their sessions.
     *
     * @return how many sessions were ended; empty for an unknown user
     */
    public OptionalInt disable(long id) {
        if (users.setDisabled(id, true) == 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(sessions.endAll(Long.toString(id), Reason.USER_DISABLED));
    }

    /** @return false for an unknown user */
    public boolean enable(long id) {
        return users.setDisabled(id, false) == 1;
    }

    /**
     * Deletes a user and ends all their sessions.
     *
     * @return how many sessions were ended; empty for an unknown user
     */
    public OptionalInt delete(long id) {
        if (users.delete(id) == 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(sessions.endAll(Long.toString(id), Reason.USER_DELETED));
    }

    /** Ends all sessions of a user, for an administrator or operator; returns how many. */
    public int revokeSessions(long id) {
        return sessions.endAll(Long.toString(id), Reason.ADMIN_REVOKED);
    }
}
