package dev.sessionauth.bundle;

import dev.sessionauth.bundle.PasswordAccounts.Account;
import dev.sessionauth.bundle.SessionEvent.Reason;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in with a password, as safely as the sessionauth service does it, for the host's own
 * users ({@link PasswordAccounts}). Every check is bounded (at most {@code logins.concurrentHashes}
 * Argon2id hashes at once, a short queue, then 503); throttled per account and client, per client
 * and per account across unknown browsers, with device cookies so that a guesser never slows the
 * owner (429 with {@code Retry-After}; the counts live in the session store where it keeps them,
 * shared by every node on Redis); costs the same for an unknown user as for a known one; answers
 * every bad credential alike; and tells every refusal and throttle to the {@link SecurityListener}.
 * A sign-in starts a new session (any the request presented ends), and a password change that
 * lands during a sign-in or a re-authentication wins. Hashes of older kinds (bcrypt, a
 * {@link PasswordFormat}) are replaced with Argon2id at the next sign-in.
 *
 * <p>With second factors ({@code logins.secondFactors} and a {@link SecondFactorStorage}), a user
 * who enrolled one is not signed in by the password: {@link SecondFactorPending} answers with a
 * pending sign-in that {@link #completeSignIn} finishes with a code ({@link SecondFactors}).
 *
 * <p>Refusals are exceptions that carry their JSON answer, so a resource can let them through:
 * {@link Refused} (401), {@link Throttled} (429) and {@link PasswordHasher.Busy} (503). A page
 * catches them to show a form instead. Thread-safe.
 */
public final class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    /** The one answer to every failed sign-in, whatever failed: no user enumeration. */
    public static final String LOGIN_FAILED = "Invalid username or password";

    /** A sign-in that started a session: the account as it was read, and the new session. */
    public record SignedIn(Account account, SessionInfo session) {
    }

    /** The outcome of {@link #changePassword}. */
    public sealed interface PasswordChange {
    }

    /** Changed: the request's session under its new ID, and how many other sessions ended. */
    public record Changed(SessionInfo session, int otherSessionsEnded) implements PasswordChange {
    }

    /** Not changed, and why. */
    public enum NotChanged implements PasswordChange {
        /** The current password was wrong. */
        WRONG_PASSWORD,
        /** The new password is the current one. */
        UNCHANGED
    }

    /** A wrong password, an unknown username or a disabled account: 401, the same words for all. */
    public static final class Refused extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super(LOGIN_FAILED, json(Response.Status.UNAUTHORIZED.getStatusCode(), LOGIN_FAILED).build());
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * Too many failed password checks lately for this account or this client, or too many still
     * being checked: refused before any hash, to be tried again after {@link #retryAfter()}. 429
     * JSON with {@code Retry-After} in seconds, saying which of the two it is.
     */
    public static final class Throttled extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        private final transient Duration retryAfter;
        private final boolean failures;

        Throttled(Duration retryAfter, boolean failures) {
            super(failures ? "too many failed attempts" : "too many attempts at once",
                json(429, (failures ? "Too many failed attempts" : "Too many attempts at once")
                    + "; try again in " + seconds(retryAfter) + " seconds")
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter))).build());
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
            return seconds(retryAfter);
        }

        private static long seconds(Duration retryAfter) {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * A sign-in the caller declined once the throttle let it through ({@link #signIn(ContainerRequestContext,
     * String, String, Predicate)}): nothing was counted and no password was checked.
     */
    public static final class NotAdmitted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAdmitted() {
            super("declined by the caller", null, false, false);
        }
    }

    /**
     * The password was right and the account has a second factor: no session was started. The
     * answer, 401 JSON ({@value SecondFactors#REQUIRED}), carries a short-lived cookie for this
     * browser, which {@link #completeSignIn} takes with a code. A host that does not know of second
     * factors lets it through, and its client is simply not signed in.
     */
    public static final class SecondFactorPending extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        private final transient String pendingToken;

        SecondFactorPending(String pendingToken) {
            super(SecondFactors.REQUIRED, json(Response.Status.UNAUTHORIZED.getStatusCode(), SecondFactors.REQUIRED)
                .build());
            this.pendingToken = pendingToken;
        }

        /**
         * The pending sign-in, as the cookie carries it: for a program that keeps no cookies, to
         * send back to {@link Logins#completeSignIn(ContainerRequestContext, String, String)}. Put it
         * in an answer only for such clients: in a browser, the {@code HttpOnly} cookie keeps it
         * from scripts.
         */
        public String pendingToken() {
            return pendingToken;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * {@link #completeSignIn} without a pending sign-in: none, expired, used, or made before the
     * password changed. 401 JSON ({@value #SIGN_IN_EXPIRED}); the password is asked for again.
     */
    public static final class SignInExpired extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        SignInExpired() {
            super(SIGN_IN_EXPIRED, json(Response.Status.UNAUTHORIZED.getStatusCode(), SIGN_IN_EXPIRED).build());
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The answer to a second step with no sign-in pending. */
    public static final String SIGN_IN_EXPIRED = "Sign-in expired; sign in again";

    private final PasswordAccounts accounts;
    private final PasswordHasher hasher;
    private final DefaultSessions sessions;
    private final ThrottledChecks passwords;
    private final DeviceCookies devices;
    private final UsernameHashes usernames;
    private final SecurityEvents events;
    private final LoginForms forms;
    private final SecondFactors factors;
    private final Passkeys passkeys;
    private final PendingSignIns pendings;
    private final Clock clock;

    /**
     * @param factors  the second factors; null where {@code logins.secondFactors} is off
     * @param passkeys the passkeys; null where {@code logins.passkeys} is off
     * @param pendings the pending sign-ins; null where both are off
     */
    Logins(PasswordAccounts accounts, PasswordHasher hasher, DefaultSessions sessions, ThrottledChecks passwords,
           DeviceCookies devices, UsernameHashes usernames, SecurityEvents events, LoginForms forms,
           SecondFactors factors, Passkeys passkeys, PendingSignIns pendings, Clock clock) {
        this.passkeys = passkeys;
        this.forms = forms;
        this.accounts = accounts;
        this.hasher = hasher;
        this.sessions = sessions;
        this.passwords = passwords;
        this.devices = devices;
        this.usernames = usernames;
        this.events = events;
        this.factors = factors;
        this.pendings = pendings;
        this.clock = clock;
    }

    /**
     * Checks the password and starts a new session: the answer carries its cookie, its CSRF token
     * and the browser's device cookie. An unknown user, a wrong password and a disabled account
     * are refused alike, in the same time.
     *
     * <p>A password change wins the race with a sign-in that read the old password: once the
     * session is stored, the account is read again, and if the password changed meanwhile the new
     * session is ended and the sign-in refused.
     *
     * @throws Refused            for any bad credential
     * @throws Throttled          when this account or client failed too often lately
     * @throws PasswordHasher.Busy when hashing is at capacity
     */
    public SignedIn signIn(ContainerRequestContext request, String username, String password) {
        return signIn(request, username, password, client -> true);
    }

    /**
     * {@link #signIn(ContainerRequestContext, String, String)}, asking {@code admitted} once the
     * throttle has let the attempt through and before the password is hashed, with the client's
     * key (an IPv4 address or IPv6 /64): a sign-in form claims its one-time token there, so that
     * only complete, admitted attempts claim one.
     *
     * @throws NotAdmitted when {@code admitted} answers false; nothing was counted
     */
    public SignedIn signIn(ContainerRequestContext request, String username, String password,
                           Predicate<String> admitted) {
        String client = sessions.clientAddress(request);
        // A name with a control character is no one's, and PostgreSQL refuses even to compare a
        // NUL: look nobody up, but spend the hash as for any unknown name. The account is read
        // before the throttle so that a device cookie is checked against the password it was
        // issued under; an unknown name is checked the same way, against no password.
        Optional<Account> account = isPrintable(username) && isPrintable(password)
            ? accounts.byUsername(username) : Optional.empty();
        String typed = usernames.of(username);
        LoginThrottle.Ticket ticket = passwords.admit(request, username, client, typed,
            account.flatMap(Account::credentialsChangedAt));
        boolean verified;
        try {
            if (!admitted.test(ClientKeys.of(client))) {
                ticket.abandoned();
                throw new NotAdmitted();
            }
            verified = hasher.verify(password, account.map(Account::passwordHash));
        } catch (NotAdmitted e) {
            throw e;
        } catch (RuntimeException e) {
            ThrottledChecks.abandon(ticket, e);
            throw e;
        }
        if (!verified || !account.get().enabled()) {
            String who = account.map(known -> "id:" + known.key()).orElse(typed);
            passwords.failed(ticket, SecurityEvent.Type.LOGIN_REFUSED, who, client);
            throw new Refused();
        }
        Account known = account.get();
        passwords.succeeded(ticket, "id:" + known.key(), client);
        if (hasSecondFactor(known.key())) {
            upgrade(known, password);
            String pending = pendings.issue(known.key(), known.credentialsChangedAt());
            SessionCookieFilter.send(request, pendings.cookie(pending));
            LOG.info("Password of user {} accepted; second factor pending", known.key());
            throw new SecondFactorPending(pending);
        }
        boolean mustEnrol = factors != null && factors.isRequired(known.key());
        SessionInfo session = sessions.start(request, known.key(),
            mustEnrol ? SessionManager.Proof.PASSWORD_BEFORE_ENROLMENT : SessionManager.Proof.PASSWORD);
        if (changedDuring(known)) {
            sessions.end(request, Reason.CREDENTIALS_CHANGED);
            LOG.info("Login of user {} refused: the account changed during it", known.key());
            throw new Refused();
        }
        upgrade(known, password);
        if (mustEnrol) {
            LOG.info("Login of user {}, who must enrol a second factor before anything else", known.key());
        }
        SessionCookieFilter.send(request, devices.issue(username, known.credentialsChangedAt()));
        LOG.info("Login of user {}", known.key());
        return new SignedIn(known, session);
    }

    /**
     * Finishes a sign-in the password began for an account with a second factor
     * ({@link SecondFactorPending}): checks {@code code} (a TOTP code or a recovery code) behind
     * the second-factor throttle, then starts a new session at {@code aal2}, drops the pending
     * sign-in's cookie and gives this browser a device cookie. A wrong code leaves the sign-in
     * pending, for another try; a right one uses it up, on every node.
     *
     * @throws SignInExpired              when the request has no live pending sign-in, or the
     *                                    account changed since it began
     * @throws SecondFactors.CodeRefused  for a wrong, reused or malformed code
     * @throws Throttled                  when this account or client failed too often lately
     * @throws IllegalStateException      when {@code logins.secondFactors} is not configured
     */
    public SignedIn completeSignIn(ContainerRequestContext request, String code) {
        secondFactors();
        return completeSignIn(request, pendings.read(request), code);
    }

    /**
     * Finishes a sign-in as {@link #completeSignIn(ContainerRequestContext, String)} does, for a
     * program that keeps no cookies: with the {@link SecondFactorPending#pendingToken() pending
     * token} its password step was answered with. The session it starts reaches the program as
     * {@link Sessions#bearerToken} gives it.
     *
     * @throws SignInExpired for a token that is malformed, forged, expired or used
     */
    public SignedIn completeSignIn(ContainerRequestContext request, String pendingToken, String code) {
        secondFactors();
        return completeSignIn(request, pendings.read(pendingToken), code);
    }

    private SignedIn completeSignIn(ContainerRequestContext request, Optional<PendingSignIns.Pending> pending,
                                    String code) {
        return completeSignIn(request, pending, known -> {
            if (!factors.verify(request, known, code)) {
                throw new SecondFactors.CodeRefused();
            }
        }, "a second factor");
    }

    /**
     * Finishes a pending sign-in once {@code proof} accepted the second factor (it throws when
     * not): a new session at {@code aal2}, the pending sign-in used up on every node.
     */
    private SignedIn completeSignIn(ContainerRequestContext request, Optional<PendingSignIns.Pending> pending,
                                    Consumer<Account> proof, String how) {
        Account known = pendingAccount(request, pending);
        proof.accept(known);
        SessionCookieFilter.send(request, pendings.expire());
        if (!pendings.claim(pending.get())) {
            throw new SignInExpired();
        }
        SessionInfo session = sessions.start(request, known.key(), SessionManager.Proof.SECOND_FACTOR);
        if (changedDuring(known)) {
            sessions.end(request, Reason.CREDENTIALS_CHANGED);
            LOG.info("Login of user {} refused: the account changed during it", known.key());
            throw new SignInExpired();
        }
        SessionCookieFilter.send(request, devices.issue(known.username(), known.credentialsChangedAt()));
        LOG.info("Login of user {} with {}", known.key(), how);
        return new SignedIn(known, session);
    }

    /**
     * The account of a live pending sign-in, signed over its password as it is now.
     *
     * @throws SignInExpired otherwise, dropping a stale pending sign-in's cookie
     */
    private Account pendingAccount(ContainerRequestContext request, Optional<PendingSignIns.Pending> pending) {
        Optional<Account> account = pending.flatMap(begun -> accounts.byKey(begun.userKey()));
        if (pending.isEmpty() || account.isEmpty() || !account.get().enabled()
            || !pendings.isCurrent(pending.get(), account.get().credentialsChangedAt())) {
            pending.ifPresent(stale -> SessionCookieFilter.send(request, pendings.expire()));
            throw new SignInExpired();
        }
        return account.get();
    }

    /**
     * What a pending sign-in's user can finish it with.
     *
     * @param code    a TOTP code or a recovery code ({@link #completeSignIn})
     * @param passkey a passkey ({@link #completeSignInWithPasskey})
     */
    public record PendingFactors(boolean code, boolean passkey) {
    }

    /**
     * What the request's pending sign-in can be finished with, for a page that offers only what
     * works; empty when the request has no live pending sign-in.
     */
    public Optional<PendingFactors> pendingFactors(ContainerRequestContext request) {
        if (pendings == null) {
            return Optional.empty();
        }
        Account account;
        try {
            account = pendingAccount(request, pendings.read(request));
        } catch (SignInExpired expired) {
            return Optional.empty();
        }
        return Optional.of(new PendingFactors(factors != null && factors.isEnrolled(account.key()),
            passkeys != null && passkeys.hasPasskey(account.key())));
    }

    /** Whether the user has a second factor (TOTP or a passkey): then a password alone signs them in no more. */
    private boolean hasSecondFactor(String userKey) {
        return factors != null && factors.isEnrolled(userKey) || passkeys != null && passkeys.hasPasskey(userKey);
    }

    /**
     * Signs in with a passkey alone ({@link Passkeys#signInOptions()} gave the options): a new
     * session at {@code aal2} when the authenticator verified the user (PIN, biometrics), at
     * {@code aal1} when it did not; the browser gets a device cookie, as after a password.
     *
     * @param responseJson what {@code credential.toJSON()} gave ({@code AuthenticationResponseJSON})
     * @throws SecondFactors.Refused 401 {@value Passkeys#REFUSED} for any assertion refused
     * @throws Throttled             when this client or account failed too often lately
     * @throws IllegalStateException when {@code logins.passkeys} is not configured
     */
    public SignedIn signInWithPasskey(ContainerRequestContext request, String responseJson) {
        Passkeys.Verified verified = passkeys().verify(request, responseJson, PasskeyChallenges.Ceremony.SIGN_IN, null);
        Account known = verified.account();
        SessionInfo session = sessions.start(request, known.key(),
            verified.userVerified() ? SessionManager.Proof.SECOND_FACTOR : SessionManager.Proof.PASSWORD);
        if (changedDuring(known)) {
            sessions.end(request, Reason.CREDENTIALS_CHANGED);
            LOG.info("Login of user {} refused: the account changed during it", known.key());
            throw new SecondFactors.Refused(401, Passkeys.REFUSED);
        }
        SessionCookieFilter.send(request, devices.issue(known.username(), known.credentialsChangedAt()));
        LOG.info("Login of user {} with a passkey{}", known.key(), verified.userVerified() ? " that verified them" : "");
        return new SignedIn(known, session);
    }

    /**
     * The options for answering the request's pending sign-in ({@link SecondFactorPending}) with
     * one of its user's passkeys.
     *
     * @throws SignInExpired         when the request has no live pending sign-in
     * @throws IllegalStateException when {@code logins.passkeys} is not configured
     */
    public Map<String, Object> pendingPasskeyOptions(ContainerRequestContext request) {
        passkeys();
        return passkeys.secondFactorOptions(pendingAccount(request, pendings.read(request)).key());
    }

    /** {@link #pendingPasskeyOptions(ContainerRequestContext)} for a program's pending token. */
    public Map<String, Object> pendingPasskeyOptions(ContainerRequestContext request, String pendingToken) {
        passkeys();
        return passkeys.secondFactorOptions(pendingAccount(request, pendings.read(pendingToken)).key());
    }

    /**
     * Finishes a pending sign-in with one of its user's passkeys, as
     * {@link #completeSignIn(ContainerRequestContext, String)} does with a code: a new session at
     * {@code aal2}. A refused assertion leaves the sign-in pending and never counts against the
     * password.
     *
     * @throws SignInExpired         when the request has no live pending sign-in
     * @throws SecondFactors.Refused 401 {@value Passkeys#REFUSED} for an assertion refused,
     *                               another account's passkey among them
     * @throws Throttled             when this client or account failed too often lately
     */
    public SignedIn completeSignInWithPasskey(ContainerRequestContext request, String responseJson) {
        passkeys();
        return completeWithPasskey(request, pendings.read(request), responseJson);
    }

    /** {@link #completeSignInWithPasskey(ContainerRequestContext, String)} for a program's pending token. */
    public SignedIn completeSignInWithPasskey(ContainerRequestContext request, String pendingToken,
                                              String responseJson) {
        passkeys();
        return completeWithPasskey(request, pendings.read(pendingToken), responseJson);
    }

    private SignedIn completeWithPasskey(ContainerRequestContext request, Optional<PendingSignIns.Pending> pending,
                                         String responseJson) {
        return completeSignIn(request, pending, known -> passkeys.verify(request, responseJson,
            PasskeyChallenges.Ceremony.SECOND_FACTOR, known.key()), "a passkey as the second factor");
    }

    /**
     * The passkeys: registration, listing, removal, and the options for signing in with one.
     *
     * @throws IllegalStateException when {@code logins.passkeys} is not configured, or the host
     *                               gave no {@link PasskeyStorage}
     */
    public Passkeys passkeys() {
        if (passkeys == null) {
            throw new IllegalStateException("Passkeys are off: configure logins.passkeys and pass a PasskeyStorage to "
                + "SessionAuthBundle.logins");
        }
        return passkeys;
    }

    /** Whether passkeys are configured. */
    public boolean hasPasskeys() {
        return passkeys != null;
    }

    /**
     * The second factors: enrolment, step-up, recovery codes, removal.
     *
     * @throws IllegalStateException when {@code logins.secondFactors} is not configured, or the
     *                               host gave no {@link SecondFactorStorage}
     */
    public SecondFactors secondFactors() {
        if (factors == null) {
            throw new IllegalStateException("Second factors are off: configure logins.secondFactors and pass a "
                + "SecondFactorStorage to SessionAuthBundle.logins");
        }
        return factors;
    }

    /** Whether second factors are configured. */
    public boolean hasSecondFactors() {
        return factors != null;
    }

    /**
     * Whether the account changed (password, disabled, gone) since {@code read} was read: a
     * session just started for it must end, as the change's own ending of sessions missed it.
     */
    private boolean changedDuring(Account read) {
        Optional<Account> now = accounts.byKey(read.key());
        return now.isEmpty() || !now.get().credentialsChangedAt().equals(read.credentialsChangedAt())
            || !now.get().enabled();
    }

    /**
     * Whether {@code password} is {@code account}'s password, never one with a control character.
     * Throttled as sign-ins are, so a stolen cookie cannot guess the password at full speed.
     *
     * @throws Throttled          when this account or this client failed too often lately
     * @throws PasswordHasher.Busy when hashing is at capacity
     */
    private boolean verify(ContainerRequestContext request, Account account, String password) {
        return passwords.check(request, account, sessions.clientAddress(request),
            () -> isPrintable(password) && hasher.verify(password, Optional.of(account.passwordHash())));
    }

    /**
     * Re-authenticates the request's user: checks {@code password} against the password as stored
     * now, then moves the session to a new ID dated by when that password was read. A password
     * change that lands meanwhile wins: if the account changed by the time the new session is
     * stored, the new session is ended and the check fails; if it changes later, the new session
     * is older than the change and is refused, as every session signed in before a change is.
     *
     * @return the session under its new ID; empty when the password was wrong or changed meanwhile
     * @throws Throttled          when this account or this client failed too often lately
     * @throws PasswordHasher.Busy when hashing is at capacity
     */
    public Optional<SessionInfo> reauthenticate(ContainerRequestContext request, String key, String password) {
        Instant readAt = clock.instant();
        Optional<Account> current = accounts.byKey(key);
        if (current.isEmpty() || !verify(request, current.get(), password)) {
            return Optional.empty();
        }
        SessionInfo rotated = sessions.rotate(request, Reason.REAUTHENTICATION, readAt);
        Optional<Instant> changedNow = accounts.byKey(key).flatMap(Account::credentialsChangedAt);
        if (!changedNow.equals(current.get().credentialsChangedAt())) {
            sessions.end(request, Reason.CREDENTIALS_CHANGED);
            LOG.info("Re-authentication of user {} refused: the password changed during it", key);
            return Optional.empty();
        }
        return Optional.of(rotated);
    }

    /**
     * Changes the password of the request's user once the current one is proved: stores the new
     * hash dated now ({@link PasswordAccounts#changePassword}), moves the request's session to a
     * new ID, authenticated now, ends every other session of the user, and gives this browser a
     * device cookie under the new password. Any session signed in before the change that this
     * misses is refused on its next request, where the bundle is told
     * {@link SessionAuthBundle#credentialsChangedAt when credentials changed}. Check the new
     * password's strength before calling this.
     *
     * @throws Throttled          when this account or this client failed too often lately
     * @throws PasswordHasher.Busy when hashing is at capacity
     */
    public PasswordChange changePassword(ContainerRequestContext request, String key, String currentPassword,
                                         String newPassword) {
        Optional<Account> account = accounts.byKey(key);
        if (account.isEmpty() || !verify(request, account.get(), currentPassword)) {
            LOG.info("Password change of user {} refused", key);
            return NotChanged.WRONG_PASSWORD;
        }
        if (newPassword.equals(currentPassword)) {
            return NotChanged.UNCHANGED;
        }
        Instant changedAt = clock.instant();
        accounts.changePassword(key, hasher.hash(newPassword), changedAt);
        SessionInfo rotated = sessions.rotate(request, Reason.PASSWORD_CHANGE, true);
        int ended = sessions.endOthers(request, Reason.PASSWORD_CHANGE);
        SessionCookieFilter.send(request, devices.issue(account.get().username(), Optional.of(changedAt)));
        LOG.info("Password of user {} changed; {} other sessions ended", key, ended);
        return new Changed(rotated, ended);
    }

    /**
     * The sign-in form's own CSRF protection, for a host that signs in with an HTML form rather
     * than JSON: a signed double-submit token, each form accepted once on every node.
     */
    public LoginForms forms() {
        return forms;
    }

    /**
     * A new salted Argon2id hash of {@code password}, for the host's registration and password
     * reset; in a hashing slot, as every check.
     *
     * @throws PasswordHasher.Busy when hashing is at capacity
     */
    public String hash(CharSequence password) {
        return hasher.hash(password);
    }

    /**
     * Whether a username or password has no control character (C0, DEL or C1): none is ever
     * stored, so one in a sign-in is a bad credential and one in a new password is to be refused.
     */
    public static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Replaces a hash of an older kind with Argon2id of the password just proved; never fails the sign-in. */
    private void upgrade(Account account, String password) {
        if (hasher.isCurrent(account.passwordHash())) {
            return;
        }
        try {
            accounts.upgradeHash(account.key(), account.passwordHash(), hasher.hash(password));
            LOG.info("Password hash of user {} upgraded to Argon2id", account.key());
        } catch (RuntimeException e) {
            LOG.warn("Password hash of user {} not upgraded; the next sign-in tries again: {}", account.key(),
                e.toString());
        }
    }

    static Response.ResponseBuilder json(int status, String message) {
        return Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .entity(new ErrorMessage(status, message));
    }
}
