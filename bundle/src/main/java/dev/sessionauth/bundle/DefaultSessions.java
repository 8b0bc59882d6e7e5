package dev.sessionauth.bundle;

import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Sessions} facade over the manager (what changes sessions) and the resolver (what a
 * request's session is). Thread-safe.
 */
final class DefaultSessions implements Sessions {

    /** User agents are kept to this length: enough to tell devices apart, too little to abuse. */
    private static final int MAX_USER_AGENT = 512;

    private final SessionManager manager;
    private final SessionResolver resolver;
    private final SessionPolicy policy;
    private final CookieSigner bearerSigner;

    /** @param bearerSigner signs bearer tokens; null where {@code sessions.bearerTokens} is off */
    DefaultSessions(SessionManager manager, SessionResolver resolver, SessionPolicy policy, CookieSigner bearerSigner) {
        this.bearerSigner = bearerSigner;
        this.manager = manager;
        this.resolver = resolver;
        this.policy = policy;
    }

    @Override
    public Optional<String> bearerToken(ContainerRequestContext request) {
        if (bearerSigner == null) {
            return Optional.empty();
        }
        return SessionResolver.issuedIn(request).map(issued -> bearerSigner.sign(issued.id()));
    }

    @Override
    public Optional<SessionInfo> current(ContainerRequestContext request) {
        return resolver.session(request).map(this::info);
    }

    @Override
    public boolean hasSecondFactor(ContainerRequestContext request, Duration within) {
        return resolver.session(request).filter(session -> SecondFactors.isRecent(session, within, policy.now()))
            .isPresent();
    }

    @Override
    public String csrfToken(ContainerRequestContext request) {
        return live(request).csrfToken();
    }

    @Override
    public String clientAddress(ContainerRequestContext request) {
        return ClientFilter.address(request);
    }

    @Override
    public boolean isRecentlyAuthenticated(ContainerRequestContext request) {
        return resolver.session(request).filter(session -> policy.isRecentlyAuthenticated(session, policy.now()))
            .isPresent();
    }

    @Override
    public SessionInfo start(ContainerRequestContext request, String userKey) {
        return start(request, userKey, SessionManager.Proof.PASSWORD);
    }

    /**
     * Starts a session as {@link #start(ContainerRequestContext, String)} does, shaped by what the
     * user proved: at {@code aal2} after a second factor ({@link Logins#completeSignIn}), or
     * limited to enrolling one. Only the bundle's own checks may say so.
     */
    SessionInfo start(ContainerRequestContext request, String userKey, SessionManager.Proof proof) {
        Session.requireValidUserKey(userKey);
        resolver.session(request).ifPresent(previous -> manager.end(previous, Reason.SUPERSEDED));
        SessionId id = SessionId.generate();
        Session session = manager.create(SessionKeys.of(id), userKey, userAgent(request), ClientFilter.address(request),
            proof);
        resolver.issued(request, session, id);
        return info(session);
    }

    @Override
    public boolean end(ContainerRequestContext request, Reason reason) {
        Optional<Session> session = resolver.session(request);
        if (session.isPresent()) {
            return resolver.end(request, session.get(), reason);
        }
        resolver.forget(request);
        return false;
    }

    @Override
    public SessionInfo rotate(ContainerRequestContext request, Reason reason, boolean reauthenticated) {
        Session current = live(request);
        return rotate(request, current, reason,
            reauthenticated ? policy.now() : current.authenticatedAt());
    }

    @Override
    public SessionInfo rotate(ContainerRequestContext request, Reason reason, Instant reauthenticatedAt) {
        return rotate(request, live(request), reason, reauthenticatedAt);
    }

    /**
     * Rotates the request's session after a second factor passed now (a step-up, an enrolment's
     * first code): the successor is at {@code aal2}, its second factor dated now.
     */
    SessionInfo rotateWithSecondFactor(ContainerRequestContext request, Reason reason) {
        Session current = live(request);
        return rotate(request, current, reason, current.authenticatedAt(), true);
    }

    /** The timeouts these sessions keep. */
    SessionPolicy policy() {
        return policy;
    }

    /** The request's live session as stored; for the bundle's checks of its assurance level. */
    Optional<Session> session(ContainerRequestContext request) {
        return resolver.session(request);
    }

    private SessionInfo rotate(ContainerRequestContext request, Session current, Reason reason,
                               Instant authenticatedAt) {
        return rotate(request, current, reason, authenticatedAt, false);
    }

    private SessionInfo rotate(ContainerRequestContext request, Session current, Reason reason,
                               Instant authenticatedAt, boolean secondFactor) {
        SessionId id = SessionId.generate();
        Optional<Session> rotated = manager.rotate(current, SessionKeys.of(id), reason, authenticatedAt, secondFactor);
        if (rotated.isEmpty()) {
            resolver.forget(request);
            throw new NotAuthorizedException(Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(Response.Status.UNAUTHORIZED.getStatusCode(), SESSION_ENDED)).build());
        }
        resolver.issued(request, rotated.get(), id);
        return info(rotated.get());
    }

    @Override
    public int endAll(String userKey, Reason reason) {
        return manager.endAll(userKey, reason);
    }

    @Override
    public int endOthers(ContainerRequestContext request, Reason reason) {
        Session current = live(request);
        return manager.endAllExcept(current.userKey(), current.id(), reason);
    }

    @Override
    public boolean end(String userKey, String handle, Reason reason) {
        return manager.findByHandle(userKey, handle).map(session -> manager.end(session, reason)).orElse(false);
    }

    @Override
    public List<SessionInfo> list(String userKey) {
        return manager.list(userKey).stream().map(this::info).toList();
    }

    private Session live(ContainerRequestContext request) {
        return resolver.session(request).orElseThrow(() -> new IllegalStateException("the request has no live session"));
    }

    SessionInfo info(Session session) {
        return new SessionInfo(manager.handle(session), session.userKey(), session.createdAt(),
            session.authenticatedAt(), session.lastSeenAt(), session.absoluteExpiresAt(),
            policy.recentAuthenticationEnds(session), session.userAgent(), session.ipAddress(),
            session.assuranceLevel(), session.secondFactorAt());
    }

    private static String userAgent(ContainerRequestContext request) {
        String userAgent = request.getHeaderString(HttpHeaders.USER_AGENT);
        return userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
            : userAgent.substring(0, MAX_USER_AGENT);
    }
}
