package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.ability.FailureCounts;
import dev.sessionauth.store.ability.OneTimeTokens;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Protects the login form before any session exists, with a signed double-submit token (OWASP's
 * "signed double-submit cookie"): the browser gets a random nonce in a short-lived {@code HttpOnly}
 * cookie, and the form carries {@code <issued-at>.<HMAC(key, nonce, issued-at)>}. A forged form
 * fails because the attacker can neither read the victim's nonce nor sign one of their own, and a
 * token older than {@link #LIFETIME} is refused whatever the cookie says.
 *
 * <p>The key is derived from each signing secret, never equal to it; the first secret signs and all
 * verify, as for session cookies. A token dated up to {@link #CLOCK_SKEW} in the future is
 * accepted, since the node that issued it may run a little ahead. {@link #claim} accepts each form
 * once: its nonce is claimed in the session store's {@link OneTimeTokens}, shared by every node,
 * so a form that was posted cannot be replayed. A claim is made only for a complete sign-in the
 * throttle let through, and each client (an IPv4 address or IPv6 /64) may claim
 * {@value #FORMS_PER_CLIENT} forms per form lifetime, then one a second: a client looping empty or
 * refused forms claims nothing, and none can fill the claims.
 *
 * <p>A host's sign-in page gets it from {@link Logins#forms()}: {@link #issue} when it renders the
 * form (the cookie goes in the answer, the token in a hidden field), {@link #verify} when the form
 * comes back, and {@link #claim} as the {@code admitted} test of
 * {@link Logins#signIn(jakarta.ws.rs.container.ContainerRequestContext, String, String, java.util.function.Predicate)};
 * the resource method is marked {@link LoginForm}, so that the session's CSRF check leaves it to
 * this one. Thread-safe.
 */
public final class LoginForms {

    /** How long a login form stays usable. */
    public static final Duration LIFETIME = Duration.ofMinutes(30);

    /** How far ahead of this node's clock the clock of the node that issued a form may be. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /** Forms one client may claim before its claims are spaced a second apart. */
    public static final int FORMS_PER_CLIENT = 1000;

    private static final FailureCounts.Backoff FORM_BUDGET = new FailureCounts.Backoff(Duration.ofSeconds(1),
        Duration.ofSeconds(1), LIFETIME.plus(CLOCK_SKEW));
    private static final int MAX_TOKEN_LENGTH = 64;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A fresh nonce for the cookie and the form token that goes with it. */
    public record Issued(String nonce, String cookie, String formToken) {
    }

    /** What {@link #claim} decided. */
    public enum Claim {
        /** The form is used now, for the first time. */
        CLAIMED,
        /** The form was posted before. */
        ALREADY_USED,
        /** The client claimed too many forms lately; nothing was claimed. */
        TOO_MANY
    }

    private final SigningKeys keys;
    private final OneTimeTokens used;
    private final FailureCounts counts;
    private final String cookieName;
    private final boolean secure;
    private final Clock clock;

    /**
     * @param secrets the signing secret first, then secrets that only verify
     * @param sessionCookie the session cookie's settings: {@code Secure} follows them, and a secure
     *     cookie gets the {@code __Host-} prefix
     * @param used where the nonces of posted forms are remembered, shared like the sessions
     * @param counts where each client's claims are counted, shared like the sessions
     */
    LoginForms(List<String> secrets, CookieFactory sessionCookie, OneTimeTokens used, FailureCounts counts,
                     Clock clock) {
        this.used = used;
        this.counts = counts;
        this.keys = new SigningKeys(secrets, "sessionauth login csrf key v1");
        this.secure = sessionCookie.isSecure();
        this.cookieName = secure ? "__Host-login-csrf" : "login-csrf";
        this.clock = clock;
    }

    public String cookieName() {
        return cookieName;
    }

    /** A new nonce cookie and its form token, for a freshly rendered login form. */
    public Issued issue() {
        String nonce = SessionId.randomToken();
        long issuedAt = clock.instant().getEpochSecond();
        String cookie = cookie(nonce).header(clock.instant());
        return new Issued(nonce, cookie, token(keys.sign(signed(nonce, issuedAt)), issuedAt));
    }

    /** The {@code Set-Cookie} value that makes the browser drop the nonce, once a login has used it. */
    public String expire() {
        return cookie("").expired().header(clock.instant());
    }

    /**
     * Whether {@code formToken} was issued with {@code nonce} under one of the secrets, no longer
     * than {@link #LIFETIME} ago. Compared in constant time; null or malformed input is refused.
     */
    public boolean verify(String nonce, String formToken) {
        if (nonce == null || nonce.isEmpty() || nonce.length() > MAX_TOKEN_LENGTH
            || formToken == null || formToken.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        int dot = formToken.indexOf('.');
        if (dot < 1 || dot > 12) {
            return false;
        }
        long issuedAt;
        try {
            issuedAt = Long.parseLong(formToken.substring(0, dot), Character.MAX_RADIX);
        } catch (NumberFormatException e) {
            return false;
        }
        long age = clock.instant().getEpochSecond() - issuedAt;
        if (age < -CLOCK_SKEW.toSeconds() || age > LIFETIME.toSeconds()) {
            return false;
        }
        byte[] presented = formToken.getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (byte[] candidate : keys.candidates(signed(nonce, issuedAt))) {
            matched |= MessageDigest.isEqual(token(candidate, issuedAt).getBytes(StandardCharsets.US_ASCII), presented);
        }
        return matched;
    }

    /**
     * Claims a form whose token {@link #verify verified}: accepts it only if it was never posted
     * before, on any node, and the client has not claimed too many forms lately. Call it for a
     * complete sign-in the throttle let through, just before the password is checked.
     *
     * @param client the client's key, as the throttle counts it
     * @throws dev.sessionauth.store.SessionStoreException when the store cannot be asked
     */
    public Claim claim(String nonce, String client) {
        String key = "login-forms:" + digest(client);
        FailureCounts.Attempt budget = counts.attempt(List.of(new FailureCounts.Limit(key, FORMS_PER_CLIENT)),
            FORM_BUDGET, clock.instant());
        if (!(budget instanceof FailureCounts.Admitted)) {
            return Claim.TOO_MANY;
        }
        // Every claim spends the budget at once: none is left in flight.
        counts.failed(List.of(key));
        return used.claim(claimOf(nonce), LIFETIME.plus(CLOCK_SKEW)) ? Claim.CLAIMED : Claim.ALREADY_USED;
    }

    private static String digest(String text) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** What is remembered of a used nonce: a hash, never the nonce itself. */
    private static String claimOf(String nonce) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return "login-form:" + BASE64URL.encodeToString(sha256.digest(
                ("sessionauth login nonce\0" + nonce).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private SetCookie cookie(String value) {
        return new SetCookie(cookieName, value, "/", null, LIFETIME, secure, NewCookie.SameSite.STRICT);
    }

    /** What the MAC covers: the nonce and when the form was issued. */
    private static String signed(String nonce, long issuedAt) {
        return nonce + '.' + Long.toString(issuedAt, Character.MAX_RADIX);
    }

    /** The form token: when it was issued, then the MAC. */
    private static String token(byte[] mac, long issuedAt) {
        return Long.toString(issuedAt, Character.MAX_RADIX) + '.' + BASE64URL.encodeToString(mac);
    }
}
