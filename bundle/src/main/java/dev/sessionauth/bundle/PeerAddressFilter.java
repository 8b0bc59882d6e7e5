package dev.sessionauth.bundle;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Puts the TCP peer's address on every request as an attribute, which Jersey's request context
 * reads as a property ({@link ClientFilter}). Reading it there through an injected
 * {@code HttpServletRequest} would cost an HK2 lookup of the request's proxy on every request,
 * several microseconds: a tenth of a forward-authentication check.
 */
final class PeerAddressFilter implements Filter {

    /** The attribute, and so the Jersey property, holding the peer's address. */
    static final String ATTRIBUTE = PeerAddressFilter.class.getName() + ".address";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
        request.setAttribute(ATTRIBUTE, request.getRemoteAddr());
        chain.doFilter(request, response);
    }
}
