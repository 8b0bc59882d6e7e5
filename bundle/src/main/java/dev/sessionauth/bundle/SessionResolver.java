package dev.sessionauth.bundle;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.ability.InProcess;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a request's cookie to a live session: cookie, then signature (a bad one never reaches the
 * store), then store lookup under the ID's digest ({@link SessionKeys}), then both timeouts. The outcome is kept on the request, so the CSRF
 * filter, the auth filter and the resources share one lookup. A cookie that names no live session
 * is marked to be cleared in the response. Thread-safe.
 *
 * <p>A store failure propagates as {@code SessionStoreException} (503): it is never taken to mean
 * "no session".
 */
final class SessionResolver {

    private static final String RESOLUTION = SessionResolver.class.getName() + ".resolution";
    static final String CLEAR_COOKIE = SessionResolver.class.getName() + ".clearCookie";
    static final String ISSUED = SessionResolver.class.getName() + ".issued";
    private static final String BEARER = SessionResolver.class.getName() + ".bearer";
    private static final String BEARER_SCHEME = "Bearer ";

    /** The outcome of resolving one request: a session, or why there is none. */
    public record Resolution(Optional<Session> session, Refusal refusal) {
    }

    private final SessionCookies cookies;
    private final CookieSigner signer;
    private final SessionStore store;
    private final SessionPolicy policy;
    private final SessionManager manager;
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private final boolean bearerTokens;
    private final boolean inProcess;

    /** @param bearerTokens whether a session's signed token may come as {@code Authorization: Bearer} */
    public SessionResolver(SessionCookies cookies, CookieSigner signer, SessionStore store, SessionPolicy policy,
                           SessionManager manager, MetricRegistry metrics, boolean bearerTokens) {
        this.bearerTokens = bearerTokens;
        this.cookies = cookies;
        this.signer = signer;
        this.store = store;
        this.policy = policy;
        this.manager = manager;
        this.inProcess = store.ability(InProcess.class).isPresent();
        for (Refusal refusal : Refusal.values()) {
            refusals.put(refusal, metrics.counter(refusal.metricName()));
        }
    }

    /** The request's live session, looked up once per request. */
    public Optional<Session> session(ContainerRequestContext request) {
        return resolve(request).session();
    }

    /** True when this request has already been resolved to a live session; never looks anything up. */
    public boolean isResolvedWithSession(ContainerRequestContext request) {
        Resolution resolution = (Resolution) request.getProperty(RESOLUTION);
        return resolution != null && resolution.session().isPresent();
    }

    /** Whether the request carries a session cookie at all, live or not; looks nothing up. */
    public boolean carriesCookie(ContainerRequestContext request) {
        return cookies.read(request.getHeaders().get(HttpHeaders.COOKIE)).isPresent();
    }

    /** The request's live session or the reason there is none, looked up once per request. */
    public Resolution resolve(ContainerRequestContext request) {
        Resolution resolution = (Resolution) request.getProperty(RESOLUTION);
        if (resolution == null) {
            resolution = lookup(request);
            request.setProperty(RESOLUTION, resolution);
            if (resolution.refusal() != null && resolution.refusal() != Refusal.NO_COOKIE && !isBearer(request)) {
                request.setProperty(CLEAR_COOKIE, Boolean.TRUE);
            }
        }
        return resolution;
    }

    private Resolution lookup(ContainerRequestContext request) {
        Optional<String> cookie = cookies.read(request.getHeaders().get(HttpHeaders.COOKIE));
        if (cookie.isEmpty() && bearerTokens) {
            cookie = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
            cookie.ifPresent(token -> request.setProperty(BEARER, Boolean.TRUE));
        }
        return lookup(cookie, true);
    }

    /**
     * The live session a request that Jersey does not serve names by its cookie, or by its bearer
     * token where those are on; kept nowhere, so call it once per request.
     *
     * @param cookieHeaders the request's {@code Cookie} headers; may be null
     * @param authorization its {@code Authorization} header; may be null
     * @return the resolution, and whether its token came as a bearer token
     */
    Lookup lookup(List<String> cookieHeaders, String authorization) {
        return lookup(cookieHeaders, authorization, true);
    }

    /**
     * As {@link #lookup(List, String)}, but when {@code mayEnd} is false an expired session is
     * left as it is and the answer is null: ending it tells the listeners, which may block.
     */
    Lookup lookup(List<String> cookieHeaders, String authorization, boolean mayEnd) {
        Optional<String> cookie = cookies.read(cookieHeaders);
        boolean bearer = false;
        if (cookie.isEmpty() && bearerTokens) {
            cookie = bearerToken(authorization);
            bearer = cookie.isPresent();
        }
        Resolution resolution = lookup(cookie, mayEnd);
        return resolution == null ? null : new Lookup(resolution, bearer);
    }

    /** Whether the store answers every call in this process's memory ({@link InProcess}). */
    boolean inProcess() {
        return inProcess;
    }

    /** A resolution outside Jersey, and whether it read a bearer token (whose refusal clears no cookie). */
    record Lookup(Resolution resolution, boolean bearer) {

        /** Whether the response should make the browser drop the cookie: it names no live session. */
        boolean clearsCookie() {
            return resolution.refusal() != null && resolution.refusal() != Refusal.NO_COOKIE && !bearer;
        }
    }

    /** The token's live session, or why there is none; null for an expired one when {@code mayEnd} is false. */
    private Resolution lookup(Optional<String> token, boolean mayEnd) {
        if (token.isEmpty()) {
            return refused(Refusal.NO_COOKIE);
        }
        Optional<SessionId> id = signer.unsign(token.get());
        if (id.isEmpty()) {
            return refused(Refusal.BAD_SIGNATURE);
        }
        Optional<Session> session = store.find(SessionKeys.of(id.get()));
        if (session.isEmpty()) {
            return refused(Refusal.UNKNOWN_SESSION);
        }
        if (policy.isExpired(session.get(), policy.now())) {
            if (!mayEnd) {
                return null;
            }
            manager.end(session.get(), SessionEvent.Reason.EXPIRED);
            return refused(Refusal.EXPIRED_SESSION);
        }
        return new Resolution(session, null);
    }

    /**
     * Ends the request's session: deletes it from the store and clears the cookie in the response.
     *
     * @return whether the session was still live
     */
    public boolean end(ContainerRequestContext request, Session session, SessionEvent.Reason reason) {
        boolean ended = manager.end(session, reason);
        forget(request);
        return ended;
    }

    /** From now on the request has no session, and the response clears the cookie. */
    public void forget(ContainerRequestContext request) {
        request.setProperty(RESOLUTION, new Resolution(Optional.empty(), Refusal.UNKNOWN_SESSION));
        request.removeProperty(ISSUED);
        request.setProperty(CLEAR_COOKIE, Boolean.TRUE);
    }

    /**
     * The session token of an {@code Authorization: Bearer} header, when it reads as one (signed,
     * {@code s:...}); any other bearer token is the host's own authentication's, and no session.
     */
    private static Optional<String> bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER_SCHEME, 0, BEARER_SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER_SCHEME.length()).strip();
        return token.startsWith(CookieSigner.PREFIX) ? Optional.of(token) : Optional.empty();
    }

    /** Whether the request's session came as a bearer token rather than the cookie. */
    static boolean isBearer(ContainerRequestContext request) {
        return request.getProperty(BEARER) != null;
    }

    /** A session started or rotated during a request, and the ID its cookie carries. */
    record Issued(Session session, SessionId id) {
    }

    /**
     * From now on the request's session is {@code session}, just started or rotated: the response
     * carries its cookie, naming {@code id}, and its CSRF token ({@link SessionCookieFilter}).
     */
    public void issued(ContainerRequestContext request, Session session, SessionId id) {
        request.setProperty(RESOLUTION, new Resolution(Optional.of(session), null));
        request.setProperty(ISSUED, new Issued(session, id));
        request.removeProperty(CLEAR_COOKIE);
    }

    /** The session started or rotated during this request, if any; its cookie is still to be sent. */
    public static Optional<Issued> issuedIn(ContainerRequestContext request) {
        return Optional.ofNullable((Issued) request.getProperty(ISSUED));
    }

    /**
     * What a live session must still pass once its principal is loaded, on every request: a user
     * the loader returned, credentials that did not change since the session proved them (to the
     * millisecond, as sessions keep their times: a session re-authenticated in the same
     * millisecond as the change, the changer's own, is not stale), and a record still in the store
     * (touched when due). A disabled user or changed credentials end the session here.
     *
     * @param loaded               whether the loader returned the session's user
     * @param credentialsChangedAt when that user's credentials last changed, if known
     * @return null when the request goes on as the session's user; otherwise why not, which is
     *         {@link Refusal#SECOND_FACTOR_ENROLMENT} for a live session that may only enrol a
     *         required second factor
     */
    Refusal admit(Session session, boolean loaded, Optional<Instant> credentialsChangedAt) {
        if (!loaded) {
            manager.end(session, SessionEvent.Reason.USER_DISABLED);
            return Refusal.DISABLED_USER;
        }
        if (isStale(session, credentialsChangedAt)) {
            manager.end(session, SessionEvent.Reason.CREDENTIALS_CHANGED);
            return Refusal.STALE_CREDENTIALS;
        }
        if (!touchIfDue(session)) {
            return Refusal.UNKNOWN_SESSION;
        }
        return session.attributes().containsKey(SecondFactors.MUST_ENROL) ? Refusal.SECOND_FACTOR_ENROLMENT : null;
    }

    /** Whether the credentials changed after the session proved them, to the millisecond ({@link #admit}). */
    static boolean isStale(Session session, Optional<Instant> credentialsChangedAt) {
        return credentialsChangedAt.isPresent()
            && session.authenticatedAt().toEpochMilli() < credentialsChangedAt.get().toEpochMilli();
    }

    /**
     * Records activity when the last record is a touch interval old, so a busy session costs one
     * store write per interval, not one per request.
     *
     * @return false when the session vanished meanwhile (deleted by another request)
     */
    public boolean touchIfDue(Session session) {
        Instant now = policy.now();
        if (!policy.isTouchDue(session, now)) {
            return true;
        }
        return store.touch(session.id(), now, policy.ttl(session, now));
    }

    /** Counts a refusal under {@link Refusal#metricName()}. */
    public void count(Refusal refusal) {
        refusals.get(refusal).inc();
    }

    private static Resolution refused(Refusal refusal) {
        return new Resolution(Optional.empty(), refusal);
    }
}
