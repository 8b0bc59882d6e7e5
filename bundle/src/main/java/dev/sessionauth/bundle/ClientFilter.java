package dev.sessionauth.bundle;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Records who the client is and which origin it addressed, before the CSRF filter and any resource
 * run: the client's address (kept with a session it starts) and this server's origin as the
 * browser saw it ({@code scheme://host[:port]}, which the {@code Origin} check compares with).
 * Both are the request's own unless its peer is a {@linkplain TrustedProxies trusted proxy}: then
 * the address comes from {@code X-Forwarded-For} and the scheme and host from
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. Jersey's request context carries neither
 * otherwise.
 */
@Priority(Priorities.AUTHENTICATION - 200)
final class ClientFilter implements ContainerRequestFilter {

    private static final String ADDRESS = ClientFilter.class.getName() + ".address";
    private static final String ORIGIN = ClientFilter.class.getName() + ".origin";

    private final TrustedProxies proxies;

    @Context
    private HttpServletRequest servletRequest;

    ClientFilter(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String peer = servletRequest == null ? "" : servletRequest.getRemoteAddr();
        boolean proxied = proxies.trusts(peer);
        request.setProperty(ADDRESS, proxied ? proxies.client(peer, request.getHeaders().get("X-Forwarded-For")) : peer);
        String scheme = request.getUriInfo().getRequestUri().getScheme();
        String host = request.getHeaderString(HttpHeaders.HOST);
        if (proxied) {
            String forwardedProto = first(request.getHeaderString("X-Forwarded-Proto"));
            if ("http".equalsIgnoreCase(forwardedProto) || "https".equalsIgnoreCase(forwardedProto)) {
                scheme = forwardedProto;
            }
            String forwardedHost = first(request.getHeaderString("X-Forwarded-Host"));
            if (forwardedHost != null && !forwardedHost.isEmpty()) {
                host = forwardedHost;
            }
        }
        String origin = origin(scheme, host);
        if (origin != null) {
            request.setProperty(ORIGIN, origin);
        }
    }

    /** The client's address; empty when unknown (no servlet container). */
    static String address(ContainerRequestContext request) {
        Object address = request.getProperty(ADDRESS);
        return address instanceof String text ? text : "";
    }

    /** This server's origin as the client addressed it, normalized; null when the request named no host. */
    static String origin(ContainerRequestContext request) {
        Object origin = request.getProperty(ORIGIN);
        return origin instanceof String text ? text : null;
    }

    /**
     * {@code scheme://host:port} in lower case with the port always written, so that origins
     * compare as browsers define same-origin; null for anything that is not an http(s) origin.
     */
    static String origin(String scheme, String hostAndPort) {
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

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
