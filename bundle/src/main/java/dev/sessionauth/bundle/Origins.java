package dev.sessionauth.bundle;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Origins written one way, {@code scheme://host:port} in lower case with the port always
 * present, so that two compare equal exactly when browsers call them the same origin: scheme,
 * host and port all count, and {@code https://host} is not {@code http://host}. What the CSRF
 * filter compares a request's {@code Origin} with; public for hosts that check the origin of a
 * request they answer for, such as a forward-authentication endpoint.
 */
public final class Origins {

    private Origins() {
    }

    /**
     * The origin of {@code scheme} and {@code hostAndPort} (a {@code Host} header's value); null for
     * anything that is not an http(s) origin: another scheme, a missing or malformed host, user
     * info, a path or a query.
     */
    public static String of(String scheme, String hostAndPort) {
        if (scheme == null || hostAndPort == null || hostAndPort.isBlank()) {
            return null;
        }
        String lowerScheme = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = switch (lowerScheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        if (defaultPort < 0) {
            return null;
        }
        try {
            URI uri = new URI(lowerScheme + "://" + hostAndPort.strip().toLowerCase(Locale.ROOT));
            if (uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null) {
                return null;
            }
            return lowerScheme + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? defaultPort : uri.getPort());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * An {@code Origin} header's value, or an origin in a configuration, written as {@link #of}
     * writes origins; null for {@code null} or anything else that is not an http(s) origin.
     */
    public static String normalize(String origin) {
        String trimmed = origin.strip();
        int separator = trimmed.indexOf("://");
        return separator <= 0 ? null : of(trimmed.substring(0, separator), trimmed.substring(separator + 3));
    }
}
