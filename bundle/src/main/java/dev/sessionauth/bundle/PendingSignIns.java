package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.ability.OneTimeTokens;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The state between a correct password and a second factor: a signed value in a cookie of the
 * browser that proved the password (or, for a program that keeps no cookies, in its sign-in
 * answer, which it sends back), and nothing in the session store. It is not a session and names none, so
 * no {@code @Auth} resource, forward-authentication check or session list can take it for one;
 * only {@link Logins#completeSignIn} reads it. It lives {@code pendingLifetime} (a few minutes),
 * is used once on every node (its nonce is claimed in the store's {@link OneTimeTokens}), and
 * means nothing once the account's password changed: its signature covers when the password last
 * changed, as the account reads when it is checked.
 *
 * <p>The value is {@code <nonce>.<expires, epoch seconds in base 36>.<user key, base64url>.<HMAC>},
 * the HMAC under a key derived from the session signing secrets (the first signs, all verify).
 * The cookie is {@code HttpOnly}, {@code SameSite=Strict}, path {@code /}, and {@code __Host-} on
 * a secure cookie. Thread-safe.
 */
final class PendingSignIns {

    /**
     * A pending sign-in a request presented, well-formed and not yet expired; its signature is
     * checked by {@link #isCurrent}.
     *
     * @param signed what the MAC covers, but the password's epoch
     * @param mac    the MAC as presented
     */
    record Pending(String nonce, String userKey, Instant expiresAt, String signed, String mac) {
    }

    private static final int MAX_VALUE_LENGTH = 512;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;
    private final OneTimeTokens used;
    private final String cookieName;
    private final boolean secure;
    private final Duration lifetime;
    private final Clock clock;

    PendingSignIns(List<String> secrets, CookieFactory sessionCookie, OneTimeTokens used, Duration lifetime,
                   Clock clock) {
        this.keys = new SigningKeys(secrets, "sessionauth pending sign-in key v1");
        this.used = used;
        this.secure = sessionCookie.isSecure();
        this.cookieName = secure ? "__Host-sessionauth-pending" : "sessionauth-pending";
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * The value of a new pending sign-in of {@code userKey}, whose password last changed at
     * {@code credentialsChanged}: for the cookie ({@link #cookie}), or for a program that keeps
     * no cookies to send back itself.
     */
    String issue(String userKey, Optional<Instant> credentialsChanged) {
        String nonce = SessionId.randomToken();
        String expires = Long.toString(clock.instant().plus(lifetime).getEpochSecond(), Character.MAX_RADIX);
        String user = BASE64URL.encodeToString(userKey.getBytes(StandardCharsets.UTF_8));
        String signed = nonce + '.' + expires + '.' + user;
        return signed + '.' + BASE64URL.encodeToString(keys.sign(signed + '.' + epoch(credentialsChanged)));
    }

    /** The {@code Set-Cookie} value that gives the browser a pending sign-in {@link #issue} made. */
    String cookie(String value) {
        return new SetCookie(cookieName, value, "/", null, lifetime, secure, NewCookie.SameSite.STRICT)
            .header(clock.instant());
    }

    /** The pending sign-in the request's cookie carries; see {@link #read(String)}. */
    Optional<Pending> read(ContainerRequestContext request) {
        return CookieHeaders.find(request.getHeaders().get(HttpHeaders.COOKIE), cookieName).flatMap(this::read);
    }

    /**
     * A pending sign-in's value, if it is well-formed and not expired. Whether it is signed by one
     * of the secrets over the password as it reads now is for the caller to check, with
     * {@link #isCurrent}, once it has read the account.
     */
    Optional<Pending> read(String value) {
        if (value == null || value.length() > MAX_VALUE_LENGTH) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4 || parts[0].isEmpty() || parts[1].isEmpty() || parts[1].length() > 12
            || parts[2].isEmpty()) {
            return Optional.empty();
        }
        Instant expiresAt;
        String userKey;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[1], Character.MAX_RADIX));
            userKey = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new Pending(parts[0], userKey, expiresAt, parts[0] + '.' + parts[1] + '.' + parts[2],
            parts[3]));
    }

    /**
     * Whether the pending sign-in's signature holds for the account as it reads now: signed by one
     * of the secrets, over when the password last changed. Compared in constant time.
     */
    boolean isCurrent(Pending pending, Optional<Instant> credentialsChanged) {
        byte[] presented = pending.mac().getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (byte[] candidate : keys.candidates(pending.signed() + '.' + epoch(credentialsChanged))) {
            matched |= MessageDigest.isEqual(BASE64URL.encode(candidate), presented);
        }
        return matched;
    }

    /**
     * Uses the pending sign-in up, for every node sharing the store.
     *
     * @return false when it was used already
     */
    boolean claim(Pending pending) {
        return used.claim("pending-sign-in:" + pending.nonce(), lifetime.plus(DeviceCookies.CLOCK_SKEW));
    }

    /** The {@code Set-Cookie} value that drops the pending sign-in's cookie. */
    String expire() {
        return new SetCookie(cookieName, "", "/", null, Duration.ZERO, secure, NewCookie.SameSite.STRICT)
            .header(clock.instant());
    }

    private static String epoch(Optional<Instant> credentialsChanged) {
        return credentialsChanged.map(at -> Long.toString(at.toEpochMilli(), Character.MAX_RADIX)).orElse("-");
    }
}
