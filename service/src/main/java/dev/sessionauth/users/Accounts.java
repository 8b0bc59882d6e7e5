package dev.sessionauth.users;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.Sessions;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Account changes that must end sessions at once, not on the user's next request: disabling or
 * deleting a user, and revoking all of a user's sessions. The account is changed first, so no new
 * login can slip in between; then every node is told to drop its cached copy of the user; then
 * every session of the user is ended. Thread-safe.
 */
public final class Accounts {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private final UserDao users;
    private final Sessions sessions;
    private final LongConsumer changed;

    /** @param changed told of each user changed here, once the change is committed ({@link UserCache#changed}) */
    public Accounts(UserDao users, Sessions sessions, LongConsumer changed) {
        this.users = users;
        this.sessions = sessions;
        this.changed = changed;
    }

    /**
     * A user by ID when {@code idOrUsername} is all digits and such a user exists, else by username,
     * spaces around it ignored; empty for a name with a control character, which no user has.
     */
    public Optional<User> find(String idOrUsername) {
        if (!Logins.isPrintable(idOrUsername)) {
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
     * What disabling or deleting a user did.
     *
     * @param sessionsEnded how many of the user's sessions were ended; 0 unless {@code outcome} is
     *                      {@code DONE}
     */
    public record Removal(UserDao.Removal outcome, int sessionsEnded) {
    }

    /**
     * Disables a user and ends all their sessions, unless they are the only enabled administrator
     * (then nothing changes): the service is never left with nobody to administer it.
     */
    public Removal disable(long id) {
        UserDao.Removal outcome = users.disableUnlessLastAdmin(id);
        if (outcome == UserDao.Removal.DONE) {
            changed.accept(id);
        }
        return new Removal(outcome, outcome == UserDao.Removal.DONE
            ? sessions.endAll(Long.toString(id), Reason.USER_DISABLED) : 0);
    }

    /** @return false for an unknown user */
    public boolean enable(long id) {
        boolean enabled = users.setDisabled(id, false) == 1;
        if (enabled) {
            changed.accept(id);
        }
        return enabled;
    }

    /** Deletes a user and ends all their sessions, unless they are the only enabled administrator. */
    public Removal delete(long id) {
        UserDao.Removal outcome = users.deleteUnlessLastAdmin(id);
        if (outcome == UserDao.Removal.DONE) {
            changed.accept(id);
        }
        return new Removal(outcome, outcome == UserDao.Removal.DONE
            ? sessions.endAll(Long.toString(id), Reason.USER_DELETED) : 0);
    }

    /** Ends all sessions of a user, for an administrator or operator; returns how many. */
    public int revokeSessions(long id) {
        return sessions.endAll(Long.toString(id), Reason.ADMIN_REVOKED);
    }
}
