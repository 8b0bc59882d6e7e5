package dev.sessionauth.forward;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the sign-in page may send a browser back to ({@code rd}): a path on the service's own
 * host, or an http(s) URL on one of {@code forwardAuth.allowedHosts}. Anything else, another host,
 * user info, a scheme-relative {@code //host}, a backslash or a control character, is refused, so
 * the sign-in page is never an open redirect. Immutable and thread-safe.
 */
public final class ReturnUrls {

    /** A host name, or {@code *.} and a domain for each of its subdomains. */
    static final String HOST_PATTERN =
        "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*";

    /** The longest return URL accepted; browsers and proxies refuse much longer ones anyway. */
    static final int MAX_LENGTH = 2048;

    /** Paths on the service's own host only: forward authentication is off. */
    public static final ReturnUrls OWN_HOST_ONLY = new ReturnUrls(List.of());

    private final List<String> hosts;
    private final List<String> domains;

    /** @param allowedHosts host names, and {@code *.domain} for every subdomain of a domain */
    public ReturnUrls(List<String> allowedHosts) {
        this.hosts = allowedHosts.stream().filter(host -> !host.startsWith("*."))
            .map(host -> host.toLowerCase(Locale.ROOT)).toList();
        this.domains = allowedHosts.stream().filter(host -> host.startsWith("*."))
            .map(host -> host.substring(1).toLowerCase(Locale.ROOT)).toList();
    }

    /** The URL to send the browser to for {@code rd}; empty when there is none or it may not be used. */
    public Optional<URI> target(String rd) {
        if (rd == null || rd.isEmpty() || !isPlain(rd)) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(rd);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (rd.startsWith("/")) {
            return rd.startsWith("//") || uri.getRawAuthority() != null ? Optional.empty() : Optional.of(uri);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawUserInfo() != null || uri.getHost() == null) {
            return Optional.empty();
        }
        return isAllowed(uri.getHost()) ? Optional.of(uri) : Optional.empty();
    }

    private boolean isAllowed(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return hosts.contains(lower)
            || domains.stream().anyMatch(domain -> lower.endsWith(domain) && lower.length() > domain.length());
    }

    /** No control character, space or backslash, and not too long: nothing a browser would read differently. */
    static boolean isPlain(String url) {
        if (url.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == '\\' || c == 0x7F || Character.isISOControl(c) || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }
}
