package dev.sessionauth.forward;

import dev.sessionauth.bundle.Origins;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * The request a proxy asks about, as the check request describes it. From a trusted proxy:
 * the method from {@code X-Forwarded-Method} (Traefik, Caddy) or {@code X-Original-Method} (nginx,
 * set in its configuration), else the check request's own when the path is the check's too
 * (Envoy), else unknown: a proxy that names the original path but not its method asks with a GET of
 * its own whatever the browser sent, and an unknown method is taken as unsafe; the scheme and host from
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}, else the check request's; the path from
 * {@code X-Forwarded-Uri} or {@code X-Original-URI}, else what follows {@code /auth/verify} (Envoy's
 * {@code path_prefix}). From anyone else, only the check request itself counts. {@code Origin} and
 * {@code Sec-Fetch-Site} are the browser's, which proxies pass on as they are.
 *
 * @param method    upper case; {@link #UNKNOWN} when a trusted proxy did not say
 * @param uri       the original path and query; {@code /} when unknown
 * @param fromNginx whether a trusted proxy said {@code X-Original-URI}: nginx, whose
 *                  {@code auth_request} cannot pass a redirect on
 * @param plainUri  whether the original path and query were plain as given; when not,
 *                  {@code uri} is {@code /}, for a return URL, and no access rule may match it
 */
record OriginalRequest(String method, String scheme, String host, String uri, boolean fromNginx,
                       boolean plainUri) {

    /** The method of an original request whose proxy named its path but not its method. */
    static final String UNKNOWN = "(unknown)";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /**
     * @param check   the check request, to {@link ForwardAuthHandler#PATH} or below it
     * @param trusted whether it comes from a trusted proxy, whose forwarded headers count
     */
    static OriginalRequest of(Request check, boolean trusted) {
        HttpFields headers = check.getHeaders();
        String method = check.getMethod();
        String host = headers.get(HttpHeader.HOST);
        String scheme = null;
        String uri = null;
        boolean fromNginx = false;
        if (trusted) {
            boolean pathOfItsOwn = headers.contains("X-Forwarded-Uri") || headers.contains("X-Original-URI");
            method = firstOf(headers, pathOfItsOwn ? UNKNOWN : method, "X-Forwarded-Method", "X-Original-Method");
            scheme = firstOf(headers, null, "X-Forwarded-Proto");
            host = firstOf(headers, host, "X-Forwarded-Host");
            fromNginx = headers.contains("X-Original-URI");
            uri = whole(headers, null, "X-Forwarded-Uri", "X-Original-URI");
        }
        // The check request's own URI, read only where no trusted proxy said what it describes.
        HttpURI own = check.getHttpURI();
        if (scheme == null) {
            scheme = own.getScheme() != null ? own.getScheme() : check.isSecure() ? "https" : "http";
        }
        if (uri == null) {
            String suffix = suffix(check);
            String query = own.getQuery();
            uri = suffix.isEmpty() ? "/" : suffix + (query == null ? "" : "?" + query);
        }
        String upperMethod = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        boolean plainUri = uri.startsWith("/") && !uri.startsWith("//") && ReturnUrls.isPlain(uri);
        return new OriginalRequest(upperMethod, scheme, host, plainUri ? uri : "/", fromNginx, plainUri);
    }

    /** What follows the check's path, as sent (Envoy's {@code path_prefix}); empty for none. */
    private static String suffix(Request check) {
        String raw = check.getHttpURI().getPath();
        String context = Request.getContextPath(check);
        String prefix = (context == null || context.equals("/") ? "" : context) + ForwardAuthHandler.PATH;
        return raw != null && raw.startsWith(prefix) ? raw.substring(prefix.length()) : "";
    }

    /**
     * Whether the original request may change something: any method but GET, HEAD, OPTIONS and
     * TRACE, an unknown one included.
     */
    boolean isUnsafe() {
        return !SAFE.contains(method);
    }

    /** Whether a browser would follow a 302 with the same method: GET and HEAD. */
    boolean isGetOrHead() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** The original path as sent, without the query. */
    String path() {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /**
     * The original path as an application reads it, percent-decoded, for the access rules to
     * compare; empty when applications may read it differently from each other or from a plain
     * prefix comparison: a dot segment ({@code /public/../admin}), an empty segment, a
     * semicolon (path parameters, which servlet containers drop), a backslash, an encoded
     * {@code %} or a control character. Such a path matches no rule: what a rule opens or closes
     * can then never be reached by another spelling of it.
     */
    Optional<String> canonicalPath() {
        if (!plainUri) {
            return Optional.empty();
        }
        String raw = path();
        if (raw.indexOf(';') >= 0 || raw.indexOf('\\') >= 0) {
            return Optional.empty();
        }
        String decoded = raw;
        if (raw.indexOf('%') >= 0) {
            try {
                decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        }
        if (!decoded.startsWith("/") || decoded.indexOf('%') >= 0 || decoded.indexOf('\\') >= 0
            || decoded.indexOf(';') >= 0 || decoded.contains("//")) {
            return Optional.empty();
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (Character.isISOControl(c) || c == '/' && isDotSegmentAt(decoded, i + 1)) {
                return Optional.empty();
            }
        }
        return Optional.of(decoded);
    }

    /** Whether the segment that starts at {@code start} is {@code .} or {@code ..}. */
    private static boolean isDotSegmentAt(String path, int start) {
        int end = path.indexOf('/', start);
        int length = (end < 0 ? path.length() : end) - start;
        return (length == 1 || length == 2) && path.charAt(start) == '.' && (length == 1 || path.charAt(start + 1) == '.');
    }

    /** The original host without its port or brackets; null when unknown. */
    String hostName() {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(1, close);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /**
     * The original request's own origin, as {@link Origins} writes it; null when unknown. Worked
     * out when asked, which a safe request from a signed-in user never is.
     */
    String origin() {
        return Origins.of(scheme, host);
    }

    /** The original URL, to come back to after sign-in; null when its origin is unknown. */
    String url() {
        return origin() == null ? null : scheme.toLowerCase(Locale.ROOT) + "://" + host.strip() + uri;
    }

    private static String firstOf(HttpFields fields, String otherwise, String... headers) {
        for (String header : headers) {
            String value = single(ForwardAuthHandler.joined(fields, header));
            if (value != null) {
                return value;
            }
        }
        return otherwise;
    }

    /** The first of {@code headers} present, whole: a path and query may hold commas. */
    private static String whole(HttpFields fields, String otherwise, String... headers) {
        for (String header : headers) {
            String value = ForwardAuthHandler.joined(fields, header);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return otherwise;
    }

    /** The first of a comma-joined header's values, trimmed; null for none or an empty one. */
    private static String single(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String first = (comma < 0 ? header : header.substring(0, comma)).strip();
        return first.isEmpty() ? null : first;
    }
}
