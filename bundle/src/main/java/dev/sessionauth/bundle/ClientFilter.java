package dev.sessionauth.bundle;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Knows who the client is and which origin it addressed, for the CSRF filter and the resources:
 * the client's address (kept with a session it starts) and this server's origin as the
 * browser saw it ({@code scheme://host[:port]}, which the {@code Origin} check compares with).
 * Both are the request's own unless its peer is a {@linkplain TrustedProxies trusted proxy}: then
 * the address comes from {@code X-Forwarded-For} and the scheme and host from
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. Jersey's request context carries neither
 * otherwise.
 */
@Priority(Priorities.AUTHENTICATION - 200)
final class ClientFilter implements ContainerRequestFilter {

    private static final String PEER = ClientFilter.class.getName() + ".peer";

    /** What the filter keeps of a request; the rest is worked out only when asked for. */
    private record Peer(String address, TrustedProxies proxies) {

        boolean isTrustedProxy() {
            return proxies.trusts(address);
        }
    }

    private final TrustedProxies proxies;

    ClientFilter(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /**
     * Keeps only the peer's address: the client's address is needed when a session starts and the
     * origin only for an unsafe request, so neither is worked out for every request.
     */
    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(PEER, new Peer(peerAddress(request), proxies));
    }

    /**
     * The TCP peer's address, as {@link PeerAddressFilter} put it on the request; empty when unknown
     * (no servlet container).
     */
    static String peerAddress(ContainerRequestContext request) {
        return request.getProperty(PeerAddressFilter.ATTRIBUTE) instanceof String address ? address : "";
    }

    /** The client's address; empty when unknown (no servlet container). */
    static String address(ContainerRequestContext request) {
        if (!(request.getProperty(PEER) instanceof Peer peer)) {
            return "";
        }
        return peer.isTrustedProxy()
            ? peer.proxies().client(peer.address(), request.getHeaders().get("X-Forwarded-For")) : peer.address();
    }

    /** This server's origin as the client addressed it, normalized; null when the request named no host. */
    static String origin(ContainerRequestContext request) {
        String scheme = request.getUriInfo().getRequestUri().getScheme();
        String host = request.getHeaderString(HttpHeaders.HOST);
        if (request.getProperty(PEER) instanceof Peer peer && peer.isTrustedProxy()) {
            String forwardedProto = first(request.getHeaderString("X-Forwarded-Proto"));
            if ("http".equalsIgnoreCase(forwardedProto) || "https".equalsIgnoreCase(forwardedProto)) {
                scheme = forwardedProto;
            }
            String forwardedHost = first(request.getHeaderString("X-Forwarded-Host"));
            if (forwardedHost != null && !forwardedHost.isEmpty()) {
                host = forwardedHost;
            }
        }
        return Origins.of(scheme, host);
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
