package dev.sessionauth.bundle;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code Set-Cookie} header value as RFC 6265 writes it, and as browsers, express-session and
 * Spring send it: {@code name=value; Path=/; Max-Age=3600; Expires=Tue, 01 Dec 2026 13:00:00 GMT;
 * Secure; HttpOnly; SameSite=Lax}. Always {@code HttpOnly}: no script ever needs a session's
 * cookie. Unlike Jersey's {@code NewCookie}, no RFC 2109 {@code Version=1}. For a host's own
 * cookies of the same kind (a sign-in form's nonce) as well as the bundle's. Immutable.
 *
 * @param path     the {@code Path} attribute; never null
 * @param domain   the {@code Domain} attribute; null for a host-only cookie
 * @param maxAge   how long the browser keeps it ({@code Max-Age} and {@code Expires}); null for a
 *                 cookie that lasts until the browser closes, zero to make the browser drop it
 * @param sameSite the {@code SameSite} attribute; null to leave it out
 */
public record SetCookie(String name, String value, String path, String domain, Duration maxAge, boolean secure,
                        NewCookie.SameSite sameSite) {

    private static final DateTimeFormatter COOKIE_DATE =
        DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    public SetCookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(path, "path");
    }

    /** The same cookie, expired: the browser drops it. */
    public SetCookie expired() {
        return new SetCookie(name, "", path, domain, Duration.ZERO, secure, sameSite);
    }

    /**
     * The header value.
     *
     * @param now when it is sent, for {@code Expires}; an expired cookie's is the epoch
     */
    public String header(Instant now) {
        StringBuilder header = new StringBuilder(128).append(name).append('=').append(value)
            .append("; Path=").append(path);
        if (domain != null) {
            header.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            long seconds = Math.max(0, maxAge.toSeconds());
            Instant expires = seconds == 0 ? Instant.EPOCH : now.plusSeconds(seconds);
            header.append("; Max-Age=").append(seconds).append("; Expires=").append(COOKIE_DATE.format(expires));
        }
        if (secure) {
            header.append("; Secure");
        }
        header.append("; HttpOnly");
        if (sameSite != null) {
            header.append("; SameSite=").append(switch (sameSite) {
                case STRICT -> "Strict";
                case LAX -> "Lax";
                case NONE -> "None";
            });
        }
        return header.toString();
    }
}
