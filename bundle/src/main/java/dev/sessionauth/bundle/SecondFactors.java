package dev.sessionauth.bundle;

import dev.sessionauth.bundle.PasswordAccounts.Account;
import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.store.AssuranceLevel;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.ability.OneTimeTokens;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second factors for the host's users: a TOTP authenticator (RFC 6238, as every authenticator app
 * reads it) and ten single-use recovery codes, kept by the host ({@link SecondFactorStorage}),
 * the TOTP secret sealed with AES-GCM ({@code logins.secondFactors.keys}). Get it from
 * {@link Logins#secondFactors()}.
 *
 * <ul>
 *   <li><b>Enrolment</b> needs a recently authenticated session: {@link #beginTotp} gives the
 *       secret (for a QR code and to type in) and a token that carries it sealed; {@link #confirmTotp}
 *       takes the token back with a first code, stores the factor, returns the recovery codes (shown
 *       once) and moves the session to {@code aal2}.</li>
 *   <li><b>Sign-in</b>: once a user has a factor, {@link Logins#signIn} starts no session but a
 *       pending sign-in, which {@link Logins#completeSignIn} finishes with a code.</li>
 *   <li><b>Step-up</b>: {@link #stepUp} checks a code in a signed-in session and moves it to
 *       {@code aal2}, dated now, for resources that want a recent second factor
 *       ({@link RequireSecondFactor}).</li>
 * </ul>
 *
 * <p>A TOTP code is accepted once: the step it matched is claimed in the store's one-time tokens,
 * so the same code again, or two requests racing with it, on any node sharing the store, get one
 * success. Every check goes through counts of its own (per account and client, per client, per
 * account across unseen browsers, or the browser's device), with the password's delays: a wrong
 * code never counts against the password, and a guesser elsewhere never slows the owner's own
 * browser. Enrolments, removals, refusals and used recovery codes are told to the
 * {@link SecurityListener}, never a code or a secret. Thread-safe.
 */
public final class SecondFactors {

    private static final Logger LOG = LoggerFactory.getLogger(SecondFactors.class);

    /** The answer when a second factor is needed: at sign-in (401) or for a resource (403). */
    public static final String REQUIRED = "Second factor required";

    /** The answer to a wrong code. */
    public static final String CODE_REFUSED = "Invalid code";

    /** The answer to an account operation that needs a recent password. */
    public static final String REAUTHENTICATE = "Re-authentication required";

    /** The answer to a session that must enrol a second factor first, anywhere but enrolment. */
    public static final String ENROL_FIRST = "Second factor enrolment required";

    /** The session attribute that limits a session to enrolment ({@link SecondFactorStorage#isRequired}). */
    static final String MUST_ENROL = "sessionauth.mustEnrolSecondFactor";

    /** How long {@link #beginTotp}'s token may be confirmed. */
    public static final Duration ENROLMENT_LIFETIME = Duration.ofMinutes(10);

    private static final String TOTP = "totp";

    /** What the user has. */
    public record Status(boolean totp, int recoveryCodesLeft) {

        /** Whether the user has a second factor. */
        public boolean enrolled() {
            return totp;
        }
    }

    /**
     * A TOTP secret on offer, not yet stored.
     *
     * @param secret the secret in base32, for typing into an authenticator app
     * @param keyUri the {@code otpauth://} URI a QR code carries
     * @param token  what {@link #confirmTotp} takes back: the secret, sealed for this user, for
     *               {@link #ENROLMENT_LIFETIME}
     */
    public record TotpEnrolment(String secret, String keyUri, String token) {
    }

    /** A wrong, reused or malformed code: 401 JSON ({@value #CODE_REFUSED}). */
    public static final class CodeRefused extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        CodeRefused() {
            super(CODE_REFUSED, Logins.json(Response.Status.UNAUTHORIZED.getStatusCode(), CODE_REFUSED).build());
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /**
     * An answer refused with a status and a message in JSON: re-authentication required (403),
     * an expired enrolment (400), a factor enrolled already or none to act on (409).
     */
    public static final class Refused extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        Refused(int status, String message) {
            super(message, Logins.json(status, message).build());
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final SecondFactorStorage storage;
    private final PasswordAccounts accounts;
    private final SealedSecrets sealed;
    private final OneTimeTokens usedSteps;
    private final ThrottledChecks codes;
    private final DefaultSessions sessions;
    private final SecurityEvents events;
    private final String issuer;
    private final Clock clock;

    SecondFactors(SecondFactorStorage storage, PasswordAccounts accounts, SealedSecrets sealed, OneTimeTokens usedSteps,
                  ThrottledChecks codes, DefaultSessions sessions, SecurityEvents events,
                  String issuer, Clock clock) {
        this.storage = storage;
        this.accounts = accounts;
        this.sealed = sealed;
        this.usedSteps = usedSteps;
        this.codes = codes;
        this.sessions = sessions;
        this.events = events;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** What second factors the user has. */
    public Status status(String userKey) {
        return new Status(storage.totpSecret(userKey).isPresent(), storage.recoveryCodesLeft(userKey));
    }

    /**
     * Whether the host requires this user to have a second factor ({@link SecondFactorStorage#isRequired}):
     * with none, a password signs them in only to enrol one.
     */
    public boolean isRequired(String userKey) {
        return storage.isRequired(userKey);
    }

    /**
     * Whether the request's session may reach only enrolment: its user must have a second factor
     * and had none at sign-in. A page sends such a browser to enrol.
     */
    public boolean mustEnrol(ContainerRequestContext request) {
        return sessions.session(request).filter(session -> session.attributes().containsKey(MUST_ENROL)).isPresent();
    }

    /** Whether the user has a second factor: then a password alone signs them in no more. */
    public boolean isEnrolled(String userKey) {
        return storage.totpSecret(userKey).isPresent();
    }

    /**
     * Offers a new TOTP secret to the request's user, for {@link #confirmTotp}. Nothing is stored.
     *
     * @throws Refused 403 without a recently authenticated session of {@code userKey}; 409 when the
     *                 user has a TOTP factor already (remove it first)
     */
    public TotpEnrolment beginTotp(ContainerRequestContext request, String userKey) {
        requireRecentlyAuthenticated(request, userKey);
        if (isEnrolled(userKey)) {
            throw new Refused(409, "A second factor is enrolled already");
        }
        byte[] secret = Totp.newSecret();
        long expires = clock.instant().plus(ENROLMENT_LIFETIME).getEpochSecond();
        String token = Long.toString(expires, Character.MAX_RADIX) + '.'
            + sealed.seal(secret, "totp enrolment " + expires, userKey);
        return enrolment(userKey, secret, token);
    }

    /**
     * Confirms an enrolment with a first code from the authenticator: stores the factor and ten new
     * recovery codes, and moves the request's session to {@code aal2}. The code counts as
     * used.
     *
     * @return the recovery codes, to be shown once: only their digests are kept
     * @throws Refused     403 without a recently authenticated session of {@code userKey}; 400 for
     *                     a token that is not this user's, or expired; 409 when a factor was
     *                     enrolled meanwhile
     * @throws CodeRefused for a code that is not the secret's now
     */
    public List<String> confirmTotp(ContainerRequestContext request, String userKey, String token, String code) {
        requireRecentlyAuthenticated(request, userKey);
        byte[] secret = enrolmentSecret(userKey, token)
            .orElseThrow(() -> new Refused(400, "Enrolment expired; start again"));
        Account account = accounts.byKey(userKey).orElseThrow(() -> new Refused(403, REAUTHENTICATE));
        if (isEnrolled(userKey)) {
            throw new Refused(409, "A second factor is enrolled already");
        }
        if (!check(request, account, () -> totpMatches(userKey, secret, code))) {
            throw new CodeRefused();
        }
        List<String> recoveryCodes = RecoveryCodes.generate();
        storage.enrol(userKey, sealed.seal(secret, TOTP, userKey), RecoveryCodes.digests(recoveryCodes), clock.instant());
        tell(SecurityEvent.Type.SECOND_FACTOR_ENROLLED, request, userKey);
        sessions.rotateWithSecondFactor(request, Reason.SECOND_FACTOR);
        LOG.info("User {} enrolled a TOTP second factor", userKey);
        return recoveryCodes;
    }

    /**
     * Checks a code (TOTP or recovery code) in the request's signed-in session and moves the
     * session to a new ID at {@code aal2}, its second factor dated now.
     *
     * @throws CodeRefused           for a wrong, reused or malformed code, or a user with no factor
     * @throws Logins.Throttled      when this account or client failed too often lately
     * @throws IllegalStateException when the request has no live session of {@code userKey}
     */
    public SessionInfo stepUp(ContainerRequestContext request, String userKey, String code) {
        Session session = sessions.session(request).filter(live -> live.userKey().equals(userKey))
            .orElseThrow(() -> new IllegalStateException("the request has no live session of this user"));
        Account account = accounts.byKey(session.userKey()).orElseThrow(CodeRefused::new);
        if (!verify(request, account, code)) {
            throw new CodeRefused();
        }
        return sessions.rotateWithSecondFactor(request, Reason.SECOND_FACTOR);
    }

    /**
     * Replaces the user's recovery codes with ten new ones.
     *
     * @return the new codes, to be shown once
     * @throws Refused 403 without a recently authenticated session of {@code userKey}; 409 for a
     *                 user with no second factor
     */
    public List<String> replaceRecoveryCodes(ContainerRequestContext request, String userKey) {
        requireRecentlyAuthenticated(request, userKey);
        if (!isEnrolled(userKey)) {
            throw new Refused(409, "No second factor is enrolled");
        }
        List<String> recoveryCodes = RecoveryCodes.generate();
        storage.replaceRecoveryCodes(userKey, RecoveryCodes.digests(recoveryCodes));
        tell(SecurityEvent.Type.RECOVERY_CODES_REPLACED, request, userKey);
        return recoveryCodes;
    }

    /**
     * Removes the request's user's second factors; a password alone signs them in again.
     *
     * @return whether there was any
     * @throws Refused 403 without a recently authenticated session of {@code userKey}
     */
    public boolean remove(ContainerRequestContext request, String userKey) {
        requireRecentlyAuthenticated(request, userKey);
        boolean removed = storage.removeAll(userKey);
        if (removed) {
            tell(SecurityEvent.Type.SECOND_FACTOR_REMOVED, request, userKey);
            LOG.info("User {} removed their second factors", userKey);
        }
        return removed;
    }

    /**
     * Removes another user's second factors, as an administrator does for a user who lost them,
     * and ends every session of that user. The caller checks that the administrator may, and
     * has authenticated recently.
     *
     * @return whether there was any
     */
    public boolean removeFor(ContainerRequestContext request, String userKey) {
        boolean removed = storage.removeAll(userKey);
        if (removed) {
            tell(SecurityEvent.Type.SECOND_FACTOR_REMOVED, request, userKey);
            int ended = sessions.endAll(userKey, Reason.SECOND_FACTOR_REMOVED);
            LOG.info("Second factors of user {} removed by an administrator; {} sessions ended", userKey, ended);
        }
        return removed;
    }

    /**
     * Whether the request's session passed a second factor within {@code within} (any time in the
     * session for a zero window): what {@link RequireSecondFactor} checks, for a page that asks for
     * a code instead of answering 403.
     */
    public boolean hasSecondFactor(ContainerRequestContext request, Duration within) {
        return sessions.hasSecondFactor(request, within);
    }

    /**
     * The enrolment a {@link #beginTotp} token carries, to show its QR code and secret again when
     * the first code was wrong; empty for a token that is not this user's or has expired.
     */
    public Optional<TotpEnrolment> enrolment(String userKey, String token) {
        return enrolmentSecret(userKey, token).map(secret -> enrolment(userKey, secret, token));
    }

    private TotpEnrolment enrolment(String userKey, byte[] secret, String token) {
        String account = accounts.byKey(userKey).map(Account::username).orElse(userKey);
        return new TotpEnrolment(Totp.base32(secret), Totp.keyUri(issuer, account, secret), token);
    }

    /** Whether {@code session} passed a second factor within {@code within} of {@code now}. */
    static boolean isRecent(Session session, Duration within, Instant now) {
        if (session.assuranceLevel() != AssuranceLevel.AAL2) {
            return false;
        }
        return within == null || within.isZero() || !session.secondFactorAt().orElseThrow().plus(within).isBefore(now);
    }

    /**
     * Checks a code for {@code account} behind the second-factor throttle: six digits are a TOTP
     * code, anything else a recovery code, used up if right.
     *
     * @throws Logins.Throttled when this account or client failed too often lately
     */
    boolean verify(ContainerRequestContext request, Account account, String code) {
        String userKey = account.key();
        return check(request, account, () -> {
            if (code != null && code.replace(" ", "").length() == Totp.DIGITS) {
                Optional<String> stored = storage.totpSecret(userKey);
                Optional<SealedSecrets.Opened> secret = stored.flatMap(value -> sealed.open(value, TOTP, userKey));
                if (stored.isPresent() && secret.isEmpty()) {
                    LOG.error("The TOTP secret of user {} opens with none of logins.secondFactors.keys", userKey);
                }
                boolean matches = secret.isPresent() && totpMatches(userKey, secret.get().secret(), code);
                if (matches && !secret.get().current()) {
                    storage.resealTotpSecret(userKey, stored.get(), sealed.seal(secret.get().secret(), TOTP, userKey));
                }
                return matches;
            }
            Optional<String> digest = RecoveryCodes.digest(code);
            if (digest.isPresent() && storage.useRecoveryCode(userKey, digest.get())) {
                tell(SecurityEvent.Type.RECOVERY_CODE_USED, request, userKey);
                LOG.info("User {} used a recovery code; {} left", userKey, storage.recoveryCodesLeft(userKey));
                return true;
            }
            return false;
        });
    }

    private boolean check(ContainerRequestContext request, Account account, BooleanSupplier check) {
        return codes.check(request, account, sessions.clientAddress(request), check);
    }

    /** Whether {@code code} is the secret's for a step near now not used before; claims that step. */
    private boolean totpMatches(String userKey, byte[] secret, String code) {
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
        return step.isPresent() && usedSteps.claim("totp:" + Digests.sha256(userKey) + ':' + step.getAsLong(),
            Duration.ofSeconds(Totp.STEP_SECONDS * (2L * Totp.SKEW_STEPS + 2)));
    }

    private Optional<byte[]> enrolmentSecret(String userKey, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 1 || dot > 12) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(token.substring(0, dot), Character.MAX_RADIX);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= expires) {
            return Optional.empty();
        }
        return sealed.open(token.substring(dot + 1), "totp enrolment " + expires, userKey)
            .map(SealedSecrets.Opened::secret);
    }

    private void requireRecentlyAuthenticated(ContainerRequestContext request, String userKey) {
        requireRecentlyAuthenticated(sessions, request, userKey);
    }

    /**
     * What changing a user's factors takes: the request's session is that user's, and proved who
     * they are recently.
     *
     * @throws Refused 403 {@value #REAUTHENTICATE} otherwise
     */
    static void requireRecentlyAuthenticated(DefaultSessions sessions, ContainerRequestContext request,
                                             String userKey) {
        boolean own = sessions.session(request).filter(session -> session.userKey().equals(userKey)).isPresent();
        if (!own || !sessions.isRecentlyAuthenticated(request)) {
            throw new Refused(403, REAUTHENTICATE);
        }
    }

    private void tell(SecurityEvent.Type type, ContainerRequestContext request, String userKey) {
        events.tell(type, "id:" + userKey, sessions.clientAddress(request), null);
    }

}
