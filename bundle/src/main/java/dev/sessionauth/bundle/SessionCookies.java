package dev.sessionauth.bundle;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads the session cookie from {@code Cookie} headers and writes {@code Set-Cookie} values with the
 * configured attributes ({@code HttpOnly} always). Immutable and thread-safe.
 */
final class SessionCookies {

    private final Clock clock;
    private final SetCookie cookie;

    /** @param clock when responses are sent, for {@code Expires} */
    SessionCookies(CookieFactory config, Clock clock) {
        this.clock = clock;
        Duration maxAge = config.getMaxAge() == null ? null : config.getMaxAge().toJavaDuration();
        this.cookie = new SetCookie(config.getName(), "", config.getPath(), config.getDomain(), maxAge,
            config.isSecure(), config.getSameSite());
    }

    public String name() {
        return cookie.name();
    }

    /** The {@code Set-Cookie} value carrying {@code value} with the configured attributes. */
    public String issue(String value) {
        return new SetCookie(cookie.name(), value, cookie.path(), cookie.domain(), cookie.maxAge(), cookie.secure(),
            cookie.sameSite()).header(clock.instant());
    }

    /** The {@code Set-Cookie} value that makes the browser drop the session cookie. */
    public String expire() {
        return cookie.expired().header(clock.instant());
    }

    /**
     * Finds the session cookie's value in the request's {@code Cookie} headers. Parsed here rather
     * than by the container so that a malformed header can only mean "no cookie", never an error.
     *
     * @return the first value under the configured name, unquoted; empty when there is none
     */
    public Optional<String> read(List<String> cookieHeaders) {
        return CookieHeaders.find(cookieHeaders, cookie.name());
    }
}
