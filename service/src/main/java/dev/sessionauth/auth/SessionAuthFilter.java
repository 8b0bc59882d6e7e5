package dev.sessionauth.auth;

import dev.sessionauth.session.Refusal;
import dev.sessionauth.session.SessionEvent;
import dev.sessionauth.session.SessionResolver;
import dev.sessionauth.store.Session;
import dev.sessionauth.users.User;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Authenticates a request by its session cookie: the {@link SessionResolver} finds the live session,
 * the authenticator loads its user fresh from the database. A user who is gone or disabled ends the
 * session there and then. Each refusal is counted by reason.
 */
@Priority(Priorities.AUTHENTICATION)
public final class SessionAuthFilter extends AuthFilter<Session, User> {

    /** The authentication scheme reported by {@code SecurityContext}. */
    public static final String SCHEME = "SESSION";

    private final SessionResolver resolver;

    private SessionAuthFilter(SessionResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SessionResolver.Resolution resolution = resolver.resolve(request);
        if (resolution.session().isEmpty()) {
            throw refuse(resolution.refusal());
        }
        Session session = resolution.session().get();
        if (!authenticate(request, session, SCHEME)) {
            resolver.end(request, session, SessionEvent.Reason.USER_DISABLED);
            throw refuse(Refusal.DISABLED_USER);
        }
        if (!resolver.touchIfDue(session)) {
            throw refuse(Refusal.UNKNOWN_SESSION);
        }
    }

    private RuntimeException refuse(Refusal refusal) {
        resolver.count(refusal);
        return unauthorizedHandler.buildException(prefix, realm);
    }

    /** Builds the filter; call {@link #setResolver} before the inherited setters. */
    public static final class Builder extends AuthFilterBuilder<Session, User, SessionAuthFilter> {

        private SessionResolver resolver;

        public Builder setResolver(SessionResolver resolver) {
            this.resolver = resolver;
            return this;
        }

        @Override
        protected SessionAuthFilter newInstance() {
            if (resolver == null) {
                throw new IllegalStateException("a SessionResolver is required");
            }
            return new SessionAuthFilter(resolver);
        }
    }
}
