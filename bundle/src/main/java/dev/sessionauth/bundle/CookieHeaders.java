package dev.sessionauth.bundle;

import java.util.List;
import java.util.Optional;

/**
 * Reads one cookie from a request's {@code Cookie} headers, as the bundle reads its own: parsed
 * here rather than by the container, so that a malformed header can only mean "no such cookie",
 * never an error. For a host's own cookies of the same kind (a sign-in form's nonce). Stateless.
 */
public final class CookieHeaders {

    /** Longer headers are skipped unread. */
    private static final int MAX_HEADER_LENGTH = 8192;

    private CookieHeaders() {
    }

    /**
     * @param cookieHeaders the request's {@code Cookie} header values; null when there are none
     * @return the first value under {@code name}, unquoted; empty when there is none or it is empty
     */
    public static Optional<String> find(List<String> cookieHeaders, String name) {
        if (cookieHeaders == null) {
            return Optional.empty();
        }
        for (String header : cookieHeaders) {
            if (header == null || header.length() > MAX_HEADER_LENGTH) {
                continue;
            }
            for (String pair : header.split("[;,]")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    String value = pair.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value.isEmpty() ? Optional.empty() : Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }
}
