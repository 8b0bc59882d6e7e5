package dev.sessionauth.bundle;

import dev.sessionauth.store.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import java.security.Principal;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates a request that Jersey does not serve (a servlet, a WebSocket upgrade, a Jetty
 * handler, a check that must cost no more than the proxy asking for it) by its session, exactly as
 * an optional {@code @Auth} does: the cookie's signature, the store, both timeouts, the principal loaded fresh
 * through the {@link PrincipalLoader}, credentials that did not change since, the touch, and no
 * session that may only enrol a required second factor. What {@code @Auth} ends (a disabled user,
 * changed credentials, expiry) ends here too, and refusals are counted under the same metrics.
 * Nothing is kept on the request: call it once per request. Get it from
 * {@link SessionAuthBundle#servletAuthentication()}. Thread-safe if the loader is.
 *
 * <p>The bundle's Jersey filters do not run: the caller answers, and sends
 * {@link Result#expiredCookie()} when there is one, as the bundle would. A store that cannot be
 * reached throws {@code SessionStoreException}, which the caller should answer with 503.
 */
public final class ServletAuthentication<P extends Principal> {

    /**
     * The request's user and session, both empty when there is none.
     *
     * @param principal     the user, loaded for this request
     * @param session       the live session, touched when due
     * @param expiredCookie the {@code Set-Cookie} value that makes the browser drop a cookie that
     *                      names no live session; empty when there is none to drop
     */
    public record Result<P>(Optional<P> principal, Optional<SessionInfo> session, Optional<String> expiredCookie) {
    }

    private final SessionResolver resolver;
    private final DefaultSessions sessions;
    private final PrincipalLoader<P> loader;
    private final Function<P, Optional<Instant>> credentialsChangedAt;
    private final SessionCookies cookies;
    private final Result<P> anonymous = new Result<>(Optional.empty(), Optional.empty(), Optional.empty());

    ServletAuthentication(SessionResolver resolver, DefaultSessions sessions, SessionCookies cookies,
                          PrincipalLoader<P> loader, Function<P, Optional<Instant>> credentialsChangedAt) {
        this.resolver = resolver;
        this.sessions = sessions;
        this.loader = loader;
        this.credentialsChangedAt = credentialsChangedAt;
        this.cookies = cookies;
    }

    /** The request's user and live session, or why there are none. */
    public Result<P> authenticate(HttpServletRequest request) {
        return authenticate(list(request.getHeaders(HttpHeaders.COOKIE)), request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /**
     * The user and live session of a request that reached any other server API (a Jetty handler,
     * say), or why there are none.
     *
     * @param cookieHeaders the request's {@code Cookie} headers; null or empty for none
     * @param authorization its {@code Authorization} header; may be null
     */
    public Result<P> authenticate(List<String> cookieHeaders, String authorization) {
        SessionResolver.Lookup lookup = resolver.lookup(cookieHeaders, authorization);
        Optional<Session> found = lookup.resolution().session();
        if (found.isEmpty()) {
            return refuse(lookup.resolution().refusal(), lookup.clearsCookie());
        }
        Session session = found.get();
        Optional<P> principal = loader.load(session.userKey());
        return admitted(lookup, session, principal, principal.flatMap(credentialsChangedAt));
    }

    /**
     * Whether the session store answers in this process's memory (memory, Caffeine), so that
     * {@link #authenticateInMemory} can answer at all.
     */
    public boolean answersInMemory() {
        return resolver.inProcess();
    }

    /**
     * What {@link #authenticate(List, String)} answers, worked out without waiting on anything, for
     * a caller that must not block (a non-blocking Jetty handler); empty when that cannot be done,
     * and the caller then asks {@link #authenticate(List, String)} from a thread that may wait. It
     * is empty when the store is not {@link #answersInMemory() in memory}, when {@code atHand}
     * has no principal for the session's user, and whenever the session would have to end (it
     * expired, or its user's credentials changed): ending a session tells the session listeners,
     * which may write anywhere. Otherwise it is the same answer, with the same touch and the same
     * refusals counted, and nothing is done twice when it is empty.
     *
     * @param atHand the principal for a user key when it is in memory and may sign in (a cache
     *               of the loader's answers); null when it is not at hand or may not
     */
    public Optional<Result<P>> authenticateInMemory(List<String> cookieHeaders, String authorization,
                                                    Function<String, P> atHand) {
        if (!resolver.inProcess()) {
            return Optional.empty();
        }
        SessionResolver.Lookup lookup = resolver.lookup(cookieHeaders, authorization, false);
        if (lookup == null) {
            return Optional.empty();
        }
        Optional<Session> found = lookup.resolution().session();
        if (found.isEmpty()) {
            return Optional.of(refuse(lookup.resolution().refusal(), lookup.clearsCookie()));
        }
        Session session = found.get();
        P principal = atHand.apply(session.userKey());
        if (principal == null) {
            return Optional.empty();
        }
        Optional<Instant> changedAt = credentialsChangedAt.apply(principal);
        if (SessionResolver.isStale(session, changedAt)) {
            return Optional.empty();
        }
        // A loaded principal whose credentials did not change: admit only touches, in memory.
        return Optional.of(admitted(lookup, session, Optional.of(principal), changedAt));
    }

    /** The session with its principal, or why not once {@link SessionResolver#admit} had its say. */
    private Result<P> admitted(SessionResolver.Lookup lookup, Session session, Optional<P> principal,
                               Optional<Instant> credentialsChangedAt) {
        Refusal refusal = resolver.admit(session, principal.isPresent(), credentialsChangedAt);
        if (refusal != null) {
            return refuse(refusal, !lookup.bearer() && refusal != Refusal.SECOND_FACTOR_ENROLMENT);
        }
        return new Result<>(principal, Optional.of(sessions.info(session)), Optional.empty());
    }

    private Result<P> refuse(Refusal refusal, boolean clearsCookie) {
        resolver.count(refusal);
        return clearsCookie ? new Result<>(Optional.empty(), Optional.empty(), Optional.of(cookies.expire())) : anonymous;
    }

    private static List<String> list(Enumeration<String> headers) {
        return headers == null || !headers.hasMoreElements() ? null : Collections.list(headers);
    }
}
