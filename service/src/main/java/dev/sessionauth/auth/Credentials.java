package dev.sessionauth.auth;

import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.users.PasswordHasher;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserDao;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that checks a password, shared by the JSON API and the pages so that both log in and
 * change passwords the same way: one hash for an unknown user as for a known one, a session ID that
 * is new at login, and every other session ended when the password changes. Sessions themselves
 * are the bundle's ({@link Sessions}). Thread-safe.
 */
public final class Credentials {

    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);

    /** The one answer to every failed login, whatever failed: no user enumeration. */
    public static final String LOGIN_FAILED = "Invalid username or password";

    /** Why {@link #isPrintable} refuses a string, as a field's validation message. */
    public static final String CONTROL_CHARACTERS = "must not contain control characters";

    /**
     * A successful login: the user, their new session, and the {@code Set-Cookie} value of the
     * browser's new {@link DeviceCookies device cookie}, which the answer must carry.
     */
    public record Login(User user, SessionInfo session, String deviceCookie) {
    }

    /** The outcome of a password change. */
    public sealed interface PasswordChange {
    }

    /**
     * The password was changed; {@code session} is the caller's session under its new ID, and
     * {@code deviceCookie} the {@code Set-Cookie} value that keeps this browser known under the new
     * password (every earlier device cookie of the account is worthless now), which the answer
     * must carry.
     */
    public record Changed(SessionInfo session, int otherSessionsEnded, String deviceCookie) implements PasswordChange {
    }

    /** The password was not changed, and why. */
    public enum Refused implements PasswordChange {
        /** The current password was wrong. */
        WRONG_PASSWORD,
        /** The new password is the current one. */
        UNCHANGED
    }

    /**
     * Too many failed password checks lately for this account or this client, or too many still
     * being checked ({@link LoginThrottle}): the attempt was refused before any hash, and may be
     * made again after {@link #retryAfter()}.
     */
    public static final class Throttled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Duration retryAfter;
        private final boolean failures;

        Throttled(Duration retryAfter, boolean failures) {
            super(failures ? "too many failed attempts" : "too many attempts at once", null, false, false);
            this.retryAfter = retryAfter;
            this.failures = failures;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        /**
         * Whether failures hold the attempt back; false when too many attempts for the same account
         * or client were still being checked: then nothing failed, and the answer must not say so.
         */
        public boolean failures() {
            return failures;
        }

        /** The wait in whole seconds, rounded up, at least 1: what {@code Retry-After} says. */
        public long seconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /**
     * A sign-in the caller declined once the throttle let it through ({@link #login(String, String,
     * ContainerRequestContext, Predicate)}): nothing was counted and no password was checked.
     */
    public static final class NotAdmitted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAdmitted() {
            super("declined by the caller", null, false, false);
        }
    }

    private final UserDao users;
    private final LongConsumer changed;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final DeviceCookies devices;
    private final UsernameHashes usernames;
    private final SecurityListener listener;
    private final Clock clock;

    /**
     * @param changed   told of each user whose password changed, once committed ({@code UserCache#changed})
     * @param usernames names unknown usernames in security events
     * @param clock     the sessions' clock: a password change is dated by it, as sessions' sign-ins are
     */
    public Credentials(UserDao users, LongConsumer changed, PasswordHasher hasher, Sessions sessions,
                       LoginThrottle throttle, DeviceCookies devices, UsernameHashes usernames,
                       SecurityListener listener, Clock clock) {
        this.users = users;
        this.changed = changed;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.devices = devices;
        this.usernames = usernames;
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Verifies the credentials and starts a new session under a new ID; a session the request
     * presented is ended first, so an ID planted before login is worthless after it. An unknown
     * user, a wrong password and a disabled account all answer empty, in the same time.
     *
     * <p>A password change wins the race with a login that read the old password: once the session
     * is stored, the user's row is read again, and if the password changed meanwhile the new
     * session is ended and the login fails. The change ends every session stored before it looks;
     * this check ends every one stored after; and the bundle refuses any session signed in before
     * the change's date that both missed.
     */
    public Optional<Login> login(String username, String password, ContainerRequestContext request) {
        return login(username, password, request, client -> true);
    }

    /**
     * {@link #login(String, String, ContainerRequestContext)}, asking {@code admitted} once the
     * throttle has let the attempt through and before the password is hashed, with the client's
     * key (an IPv4 address or IPv6 /64): the sign-in form claims its one-time token there, so that
     * only complete, admitted attempts claim one.
     *
     * @throws NotAdmitted when {@code admitted} answers false; nothing was counted
     */
    public Optional<Login> login(String username, String password, ContainerRequestContext request,
                                 Predicate<String> admitted) {
        String client = sessions.clientAddress(request);
        // A name with a control character is no one's, and PostgreSQL refuses even to compare a
        // NUL: look nobody up, but spend the hash as for any unknown name. The user is read before
        // the throttle so that a device cookie is checked against the password it was issued under;
        // an unknown name is checked the same way, against no password.
        Optional<User> user = isPrintable(username) && isPrintable(password)
            ? users.findByUsername(username) : Optional.empty();
        LoginThrottle.Ticket ticket = admit(username, client, usernames.of(username),
            user.flatMap(User::lastCredentialsChange), request);
        boolean verified;
        try {
            if (!admitted.test(ClientKeys.of(client))) {
                ticket.abandoned();
                throw new NotAdmitted();
            }
            verified = hasher.verify(password, user.map(User::passwordHash));
        } catch (NotAdmitted e) {
            throw e;
        } catch (RuntimeException e) {
            abandon(ticket, e);
            throw e;
        }
        if (!verified || user.get().disabled()) {
            String who = user.map(known -> "id:" + known.id()).orElseGet(() -> usernames.of(username));
            tell(SecurityEvent.Type.LOGIN_REFUSED, who, client, null);
            engaged(ticket.failed(), who, client);
            return Optional.empty();
        }
        released(ticket.succeeded(), "id:" + user.get().id(), client);
        SessionInfo session = sessions.start(request, user.get().key());
        Optional<Instant> changedBefore = user.get().lastCredentialsChange();
        Optional<Instant> changedNow = users.findById(user.get().id()).flatMap(User::lastCredentialsChange);
        if (!changedNow.equals(changedBefore)) {
            sessions.end(request, Reason.CREDENTIALS_CHANGED);
            LOG.info("Login of user {} refused: the password changed during it", user.get().id());
            return Optional.empty();
        }
        LOG.info("Login of user {}", user.get().id());
        return Optional.of(new Login(user.get(), session, devices.issue(username, changedBefore)));
    }

    /**
     * Whether {@code password} is the user's current password; never one with a control character.
     * Throttled as logins are, so a stolen cookie cannot guess the password at full speed.
     *
     * @throws Throttled when this account or this client failed too often lately
     */
    public boolean verify(User user, String password, ContainerRequestContext request) {
        String client = sessions.clientAddress(request);
        String who = "id:" + user.id();
        LoginThrottle.Ticket ticket = admit(user.username(), client, who, user.lastCredentialsChange(), request);
        boolean verified;
        try {
            verified = isPrintable(password) && hasher.verify(password, Optional.of(user.passwordHash()));
        } catch (RuntimeException e) {
            abandon(ticket, e);
            throw e;
        }
        if (verified) {
            released(ticket.succeeded(), who, client);
        } else {
            tell(SecurityEvent.Type.PASSWORD_CHECK_REFUSED, who, client, null);
            engaged(ticket.failed(), who, client);
        }
        return verified;
    }

    /**
     * Re-authenticates the request's user: checks {@code password} against the password as the
     * database holds it now (not as a cache may), then moves the session to a new ID dated by when
     * that password was read. A password change that lands meanwhile wins: if the row changed by the
     * time the new session is stored, the new session is ended and the check fails; if it changes
     * later, the new session is older than the change and is refused, as every session signed in
     * before a change is. Throttled as logins are.
     *
     * @return the session under its new ID; empty when the password was wrong or changed meanwhile
     * @throws Throttled when this account or this client failed too often lately
     */
    public Optional<SessionInfo> reauthenticate(User user, String password, ContainerRequestContext request) {
        Instant readAt = clock.instant();
        Optional<User> current = users.findById(user.id());
        if (current.isEmpty() || !verify(current.get(), password, request)) {
            return Optional.empty();
        }
        SessionInfo rotated = sessions.rotate(request, Reason.REAUTHENTICATION, readAt);
        Optional<Instant> changedNow = users.findById(user.id()).flatMap(User::lastCredentialsChange);
        if (!changedNow.equals(current.get().lastCredentialsChange())) {
            sessions.end(request, Reason.CREDENTIALS_CHANGED);
            LOG.info("Re-authentication of user {} refused: the password changed during it", user.id());
            return Optional.empty();
        }
        return Optional.of(rotated);
    }

    /**
     * Counts a password check for {@code account} before it is made, from the request's device if
     * it signed in to that account since its password last changed.
     *
     * @throws Throttled when one of its counts is held back
     */
    private LoginThrottle.Ticket admit(String account, String client, String who, Optional<Instant> credentialsChanged,
                                       ContainerRequestContext request) {
        LoginThrottle.Admission admission = throttle.admit(account, client,
            devices.deviceOf(request, account, credentialsChanged));
        if (admission instanceof LoginThrottle.Wait wait) {
            tell(SecurityEvent.Type.ATTEMPT_THROTTLED, who, client, null);
            throw new Throttled(wait.retryAfter(), wait.failures());
        }
        return ((LoginThrottle.Let) admission).ticket();
    }

    /** Takes back a check that never happened; a failure to do so goes with the one that stopped it. */
    private static void abandon(LoginThrottle.Ticket ticket, RuntimeException cause) {
        try {
            ticket.abandoned();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private void engaged(Set<SecurityEvent.Scope> scopes, String who, String client) {
        scopes.forEach(scope -> tell(SecurityEvent.Type.THROTTLE_ENGAGED, who, client, scope));
    }

    private void released(Set<SecurityEvent.Scope> scopes, String who, String client) {
        scopes.forEach(scope -> tell(SecurityEvent.Type.THROTTLE_RELEASED, who, client, scope));
    }

    private void tell(SecurityEvent.Type type, String who, String client, SecurityEvent.Scope scope) {
        try {
            listener.onEvent(new SecurityEvent(type, who, client, scope, clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("A security listener failed on a {} event", type, e);
        }
    }

    /**
     * Whether a username or password has no control character (C0, DEL or C1): none is ever
     * stored, so one in a login is a bad credential and one in a new password is refused.
     */
    public static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Changes the user's password once the current one is verified, dates the change, moves the
     * request's session to a new ID, authenticated now (the current password was just proved), and
     * ends every other session of the user. Any session signed in before the change's date that
     * this misses is refused on its next request.
     */
    public PasswordChange changePassword(User user, ContainerRequestContext request, String currentPassword,
                                         String newPassword) {
        if (!verify(user, currentPassword, request)) {
            LOG.info("Password change of user {} refused", user.id());
            return Refused.WRONG_PASSWORD;
        }
        if (newPassword.equals(currentPassword)) {
            return Refused.UNCHANGED;
        }
        Instant changedAt = clock.instant();
        users.updatePasswordHash(user.id(), hasher.hash(newPassword), changedAt);
        changed.accept(user.id());
        SessionInfo rotated = sessions.rotate(request, Reason.PASSWORD_CHANGE, true);
        int ended = sessions.endOthers(request, Reason.PASSWORD_CHANGE);
        LOG.info("Password of user {} changed; {} other sessions ended", user.id(), ended);
        return new Changed(rotated, ended, devices.issue(user.username(), Optional.of(changedAt)));
    }
}
