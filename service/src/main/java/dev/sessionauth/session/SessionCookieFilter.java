package dev.sessionauth.session;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Clears a session cookie that named no live session (unless the response sets a new one), and marks
 * every response that carries or changes a session {@code Cache-Control: no-store}, so no shared
 * cache keeps a private page or a {@code Set-Cookie}.
 */
public final class SessionCookieFilter implements ContainerResponseFilter {

    private final SessionCookies cookies;
    private final SessionResolver resolver;

    public SessionCookieFilter(SessionCookies cookies, SessionResolver resolver) {
        this.cookies = cookies;
        this.resolver = resolver;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean setsCookie = response.getCookies().containsKey(cookies.name());
        if (!setsCookie && request.getProperty(SessionResolver.CLEAR_COOKIE) != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookies.expire());
            setsCookie = true;
        }
        if ((setsCookie || resolver.isResolvedWithSession(request)) && !response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
