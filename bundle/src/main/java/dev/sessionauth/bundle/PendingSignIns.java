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
 * The state between a correct password and a second factor: a signed cookie in the browser that
 * proved the password, and nothing in the session store. It is not a session and names none, so
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

    /** How long a pending sign-in lasts. */
    Duration lifetime() {
        return lifetime;
    }

    /**
     * The {@code Set-Cookie} value of a new pending sign-in of {@code userKey}, whose password last
     * changed at {@code credentialsChanged}.
     */
    String issue(String userKey, Optional<Instant> credentialsChanged) {
        String nonce = SessionId.randomToken();
        String expires = Long.toString(clock.instant().plus(lifetime).getEpochSecond(), Character.MAX_RADIX);
        String user = BASE64URL.encodeToString(userKey.getBytes(StandardCharsets.UTF_8));
        String signed = nonce + '.' + expires + '.' + user;
        String value = signed + '.' + BASE64URL.encodeToString(keys.sign(signed + '.' + epoch(credentialsChanged)));
        return new SetCookie(cookieName, value, "/", null, lifetime, secure, NewCookie.SameSite.STRICT)
            .header(clock.instant());
    }

    /**
     * The request's pending sign-in, if its cookie is well-formed, signed by one of the secrets and
     * not expired. Whether the password changed since is for the caller to check, with
     * {@link #isCurrent}, once it has read the account.
     */
    Optional<Pending> read(ContainerRequestContext request) {
        Optional<String> value = CookieHeaders.find(request.getHeaders().get(HttpHeaders.COOKIE), cookieName);
        if (value.isEmpty() || value.get().length() > MAX_VALUE_LENGTH) {
            return Optional.empty();
        }
        String[] parts = value.get().split("\\.", -1);
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
