package dev.sessionauth.bundle;

import dev.sessionauth.store.Session;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates a request by its session cookie: the {@link SessionResolver} finds the live session,
 * the authenticator loads its principal fresh through the host's {@link PrincipalLoader}. A user
 * the loader no longer returns (gone, disabled) ends the session there and then, and so does a
 * session authenticated before its user's credentials last changed. Each refusal is
 * counted by reason; where the host named a sign-in page, a browser asking for a page is sent there
 * instead of getting the 401 (see {@link BrowserAwareUnauthorizedHandler}).
 */
@Priority(Priorities.AUTHENTICATION)
final class SessionAuthFilter<P extends Principal> extends AuthFilter<Session, P> {

    /** The authentication scheme reported by {@code SecurityContext}. */
    static final String SCHEME = "SESSION";

    private final SessionResolver resolver;
    private final Function<P, Optional<Instant>> credentialsChangedAt;

    private SessionAuthFilter(SessionResolver resolver, Function<P, Optional<Instant>> credentialsChangedAt) {
        this.resolver = resolver;
        this.credentialsChangedAt = credentialsChangedAt;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SessionResolver.Resolution resolution = resolver.resolve(request);
        if (resolution.session().isEmpty()) {
            throw refuse(request, resolution.refusal());
        }
        Session session = resolution.session().get();
        SecurityContext anonymous = request.getSecurityContext();
        if (!authenticate(request, session, SCHEME)) {
            resolver.end(request, session, SessionEvent.Reason.USER_DISABLED);
            throw refuse(request, Refusal.DISABLED_USER);
        }
        if (isStale(session, request.getSecurityContext().getUserPrincipal())) {
            resolver.end(request, session, SessionEvent.Reason.CREDENTIALS_CHANGED);
            request.setSecurityContext(anonymous);
            throw refuse(request, Refusal.STALE_CREDENTIALS);
        }
        if (!resolver.touchIfDue(session)) {
            // Deleted since it was looked up: an optional @Auth resource must find neither the
            // principal nor the session, and the cookie is cleared.
            resolver.forget(request);
            request.setSecurityContext(anonymous);
            throw refuse(request, Refusal.UNKNOWN_SESSION);
        }
    }

    /**
     * Whether the session proved its user's credentials before they last changed, to the
     * millisecond, as sessions keep their times: a session re-authenticated in the same millisecond
     * as the change (the changer's own) is not stale.
     */
    @SuppressWarnings("unchecked")
    private boolean isStale(Session session, Principal principal) {
        Optional<Instant> changed = credentialsChangedAt.apply((P) principal);
        return changed.isPresent() && session.authenticatedAt().toEpochMilli() < changed.get().toEpochMilli();
    }

    private RuntimeException refuse(ContainerRequestContext request, Refusal refusal) {
        resolver.count(refusal);
        if (unauthorizedHandler instanceof BrowserAwareUnauthorizedHandler byAccept) {
            return new WebApplicationException(byAccept.buildResponse(request, prefix, realm));
        }
        return unauthorizedHandler.buildException(prefix, realm);
    }

    /** Builds the filter; call {@link #setResolver} before the inherited setters. */
    static final class Builder<P extends Principal> extends AuthFilterBuilder<Session, P, SessionAuthFilter<P>> {

        private SessionResolver resolver;
        private Function<P, Optional<Instant>> credentialsChangedAt = principal -> Optional.empty();

        Builder<P> setResolver(SessionResolver resolver) {
            this.resolver = resolver;
            return this;
        }

        Builder<P> setCredentialsChangedAt(Function<P, Optional<Instant>> credentialsChangedAt) {
            this.credentialsChangedAt = credentialsChangedAt;
            return this;
        }

        @Override
        protected SessionAuthFilter<P> newInstance() {
            if (resolver == null) {
                throw new IllegalStateException("a SessionResolver is required");
            }
            return new SessionAuthFilter<>(resolver, credentialsChangedAt);
        }
    }
}
