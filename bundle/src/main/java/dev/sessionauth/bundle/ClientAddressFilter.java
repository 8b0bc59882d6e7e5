package dev.sessionauth.bundle;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;

/**
 * Records the client's address on each request, as the servlet container sees it (the peer, or
 * what the host's forwarded-headers configuration made of {@code X-Forwarded-For}), so that a
 * session started from a resource remembers where it signed in from without the resource passing
 * it along. Jersey's request context does not carry it otherwise.
 */
final class ClientAddressFilter implements ContainerRequestFilter {

    private static final String ADDRESS = ClientAddressFilter.class.getName() + ".address";

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (servletRequest != null) {
            request.setProperty(ADDRESS, servletRequest.getRemoteAddr());
        }
    }

    /** The client's address; empty when unknown (no servlet container, as in some unit tests). */
    static String of(ContainerRequestContext request) {
        Object address = request.getProperty(ADDRESS);
        return address instanceof String text ? text : "";
    }
}
