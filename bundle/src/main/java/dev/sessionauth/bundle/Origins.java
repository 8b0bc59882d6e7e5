package dev.sessionauth.bundle;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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

    /** {@code origins} as {@link #normalize} writes them, for {@link #isCrossSite}; nulls dropped. */
    public static Set<String> normalizeAll(Collection<String> origins) {
        return origins.stream().map(Origins::normalize).filter(java.util.Objects::nonNull)
            .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether a request comes from another site, as the CSRF rule sees it: its browser marked it
     * {@code Sec-Fetch-Site: cross-site}, or its {@code Origin} is neither the request's own origin
     * nor one of {@code allowed}. A request without either header is not cross-site (a non-browser
     * client, or a browser's same-origin GET).
     *
     * @param ownOrigin the origin the request addressed, asked for only when {@code origin} is present
     * @param allowed   other origins that may send unsafe requests, {@linkplain #normalizeAll normalized}
     */
    public static boolean isCrossSite(String secFetchSite, String origin, Supplier<String> ownOrigin,
                                      Set<String> allowed) {
        if ("cross-site".equalsIgnoreCase(secFetchSite)) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        String presented = normalize(origin);
        return presented == null || !allowed.contains(presented) && !presented.equals(ownOrigin.get());
    }
}
