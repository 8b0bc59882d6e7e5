package dev.sessionauth.bundle;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends the browser what happened to its session during the request: the signed cookie and the
 * CSRF token ({@value Sessions#CSRF_HEADER}) of a session started or rotated, or an expired cookie
 * for one that ended or named no live session (unless the response sets the cookie itself), and the
 * other cookies the request {@link #send sent}: the device cookie a sign-in or a password change
 * issued ({@link Logins}), a pending sign-in's. Marks
 * every response that carries or changes a session {@code Cache-Control: no-store}, so no shared
 * cache keeps a private page or a {@code Set-Cookie}.
 */
final class SessionCookieFilter implements ContainerResponseFilter {

    /** The request property listing the other cookies this request's answer sets: device, pending sign-in. */
    private static final String MORE_COOKIES = SessionCookieFilter.class.getName() + ".more";

    /**
     * Has the answer to {@code request} set one more cookie besides the session's, whatever the
     * resource answers (a device cookie after a sign-in, a pending sign-in's cookie with the 401
     * that asks for a code).
     */
    static void send(ContainerRequestContext request, String setCookie) {
        @SuppressWarnings("unchecked")
        List<String> more = (List<String>) request.getProperty(MORE_COOKIES);
        if (more == null) {
            more = new ArrayList<>(2);
            request.setProperty(MORE_COOKIES, more);
        }
        more.add(setCookie);
    }

    private final SessionCookies cookies;
    private final CookieSigner signer;
    private final SessionResolver resolver;

    SessionCookieFilter(SessionCookies cookies, CookieSigner signer, SessionResolver resolver) {
        this.cookies = cookies;
        this.signer = signer;
        this.resolver = resolver;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        boolean setsCookie = setsSessionCookie(response);
        Optional<SessionResolver.Issued> issued = SessionResolver.issuedIn(request);
        boolean bearer = SessionResolver.isBearer(request);
        if (!setsCookie && issued.isPresent() && bearer) {
            // The client presented a bearer token: it learns the rotated one the same way.
            response.getHeaders().putSingle(Sessions.TOKEN_HEADER, signer.sign(issued.get().id()));
            response.getHeaders().putSingle(Sessions.CSRF_HEADER, issued.get().session().csrfToken());
            setsCookie = true;
        } else if (!setsCookie && issued.isPresent()) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookies.issue(signer.sign(issued.get().id())));
            response.getHeaders().putSingle(Sessions.CSRF_HEADER, issued.get().session().csrfToken());
            setsCookie = true;
        } else if (!setsCookie && !bearer && request.getProperty(SessionResolver.CLEAR_COOKIE) != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookies.expire());
            setsCookie = true;
        }
        @SuppressWarnings("unchecked")
        List<String> more = (List<String>) request.getProperty(MORE_COOKIES);
        if (more != null) {
            more.forEach(cookie -> response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie));
            setsCookie = true;
        }
        if ((setsCookie || resolver.isResolvedWithSession(request)) && !response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /**
     * Whether the resource set the session cookie itself. Read from the raw headers: a
     * {@code NewCookie} written there reads as {@code name=...} too, and Jersey's parsed cookie
     * map would parse every {@code Set-Cookie} of every response.
     */
    private boolean setsSessionCookie(ContainerResponseContext response) {
        List<Object> values = response.getHeaders().get(HttpHeaders.SET_COOKIE);
        if (values == null) {
            return false;
        }
        String prefix = cookies.name() + "=";
        return values.stream().anyMatch(value -> String.valueOf(value).startsWith(prefix));
    }
}
