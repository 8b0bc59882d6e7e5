package dev.sessionauth.bundle;

import jakarta.ws.rs.core.NewCookie;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Reads the session cookie from {@code Cookie} headers and writes {@code Set-Cookie} values with the
 * configured attributes ({@code HttpOnly} always). Immutable and thread-safe.
 */
final class SessionCookies {

    private final CookieFactory config;

    public SessionCookies(CookieFactory config) {
        this.config = config;
    }

    public String name() {
        return config.getName();
    }

    /** A cookie carrying {@code value} with the configured attributes. */
    public NewCookie issue(String value) {
        NewCookie.Builder builder = builder(value);
        if (config.getMaxAge() != null) {
            builder.maxAge((int) Math.min(Integer.MAX_VALUE, config.getMaxAge().toSeconds()));
        }
        return builder.build();
    }

    /** A cookie that makes the browser drop the session cookie. */
    public NewCookie expire() {
        return builder("").maxAge(0).expiry(new Date(0)).build();
    }

    private NewCookie.Builder builder(String value) {
        return new NewCookie.Builder(config.getName())
            .value(value)
            .path(config.getPath())
            .domain(config.getDomain())
            .secure(config.isSecure())
            .httpOnly(true)
            .sameSite(config.getSameSite());
    }

    /**
     * Finds the session cookie's value in the request's {@code Cookie} headers. Parsed here rather
     * than by the container so that a malformed header can only mean "no cookie", never an error.
     *
     * @return the first value under the configured name, unquoted; empty when there is none
     */
    public Optional<String> read(List<String> cookieHeaders) {
        return CookieHeaders.find(cookieHeaders, config.getName());
    }
}
