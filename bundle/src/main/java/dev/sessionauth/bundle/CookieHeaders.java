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
            // Every request reads its cookie: scanned in place, no regex and no copy but the value.
            int length = header.length();
            for (int start = 0; start < length; ) {
                int end = start;
                while (end < length && header.charAt(end) != ';' && header.charAt(end) != ',') {
                    end++;
                }
                int eq = header.indexOf('=', start);
                if (eq > start && eq < end && isName(header, start, eq, name)) {
                    return value(header, eq + 1, end);
                }
                start = end + 1;
            }
        }
        return Optional.empty();
    }

    /** Whether {@code header[from, to)}, trimmed, is {@code name}. */
    private static boolean isName(String header, int from, int to, String name) {
        int first = skipSpace(header, from, to);
        int last = trimEnd(header, first, to);
        return last - first == name.length() && header.regionMatches(first, name, 0, name.length());
    }

    /** {@code header[from, to)}, trimmed and unquoted; empty when nothing is left. */
    private static Optional<String> value(String header, int from, int to) {
        int first = skipSpace(header, from, to);
        int last = trimEnd(header, first, to);
        if (last - first >= 2 && header.charAt(first) == '"' && header.charAt(last - 1) == '"') {
            first++;
            last--;
        }
        return first == last ? Optional.empty() : Optional.of(header.substring(first, last));
    }

    private static int skipSpace(String header, int from, int to) {
        while (from < to && header.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(String header, int from, int to) {
        while (to > from && header.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }
}
