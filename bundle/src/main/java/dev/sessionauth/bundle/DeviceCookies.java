package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
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
 * Device cookies, as OWASP's "Slow Down Online Guessing Attacks with Device Cookies" describes: a
 * browser that has signed in to an account gets a signed cookie saying so, and its password
 * checks for that account then count against a budget of its own rather than the budget the
 * account's other browsers share. An attacker guessing one account from many addresses therefore
 * slows every browser the account has never signed in from, and never its owner's.
 *
 * <p>The value is {@code <nonce>.<issued at>.<HMAC(key, account, credentials epoch, nonce, issued at)>}:
 * it names no account (the account being tried, and the time its password last changed, are put
 * into the HMAC when the cookie is checked) and means nothing for any other account. Only a
 * correct password produces one, and a password change makes every earlier one worthless: a
 * device cookie taken with a phished password buys nothing once the owner changes it. It is {@code HttpOnly},
 * {@code SameSite=Strict} and, on a secure cookie, {@code __Host-}. The key is derived from each
 * session signing secret; the first signs and all verify, so rotating the secrets keeps devices
 * known. A cookie older than {@code lifetime} is ignored. Thread-safe.
 */
final class DeviceCookies {

    /** How far ahead of this node's clock the clock of the node that issued a cookie may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private static final int MAX_VALUE_LENGTH = 128;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;
    private final String cookieName;
    private final boolean secure;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param secrets       the signing secret first, then secrets that only verify
     * @param sessionCookie the session cookie's settings: {@code Secure} follows them
     * @param lifetime      how long a browser stays known after its last sign-in
     */
    public DeviceCookies(List<String> secrets, CookieFactory sessionCookie, Duration lifetime, Clock clock) {
        this.keys = new SigningKeys(secrets, "sessionauth device cookie key v1");
        this.secure = sessionCookie.isSecure();
        this.cookieName = secure ? "__Host-sessionauth-device" : "sessionauth-device";
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * The device the request's cookie names, if it was issued for {@code account} within its
     * lifetime and since the account's password last changed: its nonce, the key of its own
     * budget. Compared in constant time, with the same work whether or not the account exists;
     * anything malformed, forged, expired, issued for another account or before a password change
     * is no device.
     *
     * @param credentialsChanged when the account's password last changed; empty for an account
     *                           that does not exist or whose password never changed
     */
    public Optional<String> deviceOf(ContainerRequestContext request, String account,
                                     Optional<Instant> credentialsChanged) {
        Optional<String> value = CookieHeaders.find(request.getHeaders().get(HttpHeaders.COOKIE), cookieName);
        if (value.isEmpty() || value.get().length() > MAX_VALUE_LENGTH) {
            return Optional.empty();
        }
        String[] parts = value.get().split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[1].length() > 12) {
            return Optional.empty();
        }
        long issuedAt;
        try {
            issuedAt = Long.parseLong(parts[1], Character.MAX_RADIX);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long age = clock.instant().getEpochSecond() - issuedAt;
        if (age < -CLOCK_SKEW.toSeconds() || age >= lifetime.toSeconds()) {
            return Optional.empty();
        }
        byte[] presented = parts[2].getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (byte[] candidate : keys.candidates(signed(account, credentialsChanged, parts[0], parts[1]))) {
            matched |= MessageDigest.isEqual(BASE64URL.encode(candidate), presented);
        }
        return matched ? Optional.of(parts[0]) : Optional.empty();
    }

    /**
     * A {@code Set-Cookie} value naming a new device for {@code account} as its password stands,
     * for the answer to a sign-in or a password change.
     *
     * @param credentialsChanged when the account's password last changed, as {@link #deviceOf} will be told
     */
    public String issue(String account, Optional<Instant> credentialsChanged) {
        String nonce = SessionId.randomToken();
        String issuedAt = Long.toString(clock.instant().getEpochSecond(), Character.MAX_RADIX);
        String value = nonce + '.' + issuedAt + '.'
            + BASE64URL.encodeToString(keys.sign(signed(account, credentialsChanged, nonce, issuedAt)));
        return new SetCookie(cookieName, value, "/", null, lifetime, secure, NewCookie.SameSite.STRICT)
            .header(clock.instant());
    }

    /**
     * What the MAC covers: the nonce and date, then the password's epoch and the account, which the
     * cookie never names.
     */
    private static String signed(String account, Optional<Instant> credentialsChanged, String nonce, String issuedAt) {
        String epoch = credentialsChanged.map(at -> Long.toString(at.toEpochMilli(), Character.MAX_RADIX)).orElse("-");
        return nonce + '.' + issuedAt + '.' + epoch + '.' + account;
    }
}
