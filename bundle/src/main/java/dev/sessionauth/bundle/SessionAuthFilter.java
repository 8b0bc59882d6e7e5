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
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Invocable;

/**
 * Authenticates a request by its session cookie: the {@link SessionResolver} finds the live session,
 * the authenticator loads its principal fresh through the host's {@link PrincipalLoader}. A user
 * the loader no longer returns (gone, disabled) ends the session there and then, and so does a
 * session authenticated before its user's credentials last changed. A session limited to enrolling
 * a required second factor reaches only {@link SecondFactorEnrolment} methods (403 elsewhere). Each
 * refusal is
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
        SecurityContext anonymous = anonymous(request.getSecurityContext());
        boolean loaded = authenticate(request, session, SCHEME);
        Refusal refusal = resolver.admit(session, loaded,
            loaded ? credentialsChangedAt(request.getSecurityContext().getUserPrincipal()) : Optional.empty());
        if (refusal == null || refusal == Refusal.SECOND_FACTOR_ENROLMENT && allowsEnrolment(request)) {
            return;
        }
        // An optional @Auth resource must find neither the principal nor the session.
        request.setSecurityContext(anonymous);
        if (refusal == Refusal.SECOND_FACTOR_ENROLMENT) {
            // Signed in only to enrol a required second factor: nothing else, not even optionally.
            resolver.count(refusal);
            throw new SecondFactors.Refused(403, SecondFactors.ENROL_FIRST);
        }
        // Ended, or deleted since it was looked up: the cookie is cleared.
        resolver.forget(request);
        throw refuse(request, refusal);
    }

    /**
     * A security context with no principal, for a request this filter authenticated and then
     * refused. Not the context the request came with: Dropwizard's authentication also names the
     * principal to Jetty, which that context reads its principal from, so an optional
     * {@code @Auth} would still find it.
     */
    private static SecurityContext anonymous(SecurityContext original) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return null;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return original.isSecure();
            }

            @Override
            public String getAuthenticationScheme() {
                return null;
            }
        };
    }

    /**
     * Whether the matched resource method (or its class) is one a session limited to enrolment may
     * reach. Read from the request, not an injected {@code ResourceInfo}: a host may put this
     * filter inside a {@code ChainedAuthFilter}, which Jersey never injects into.
     */
    private static boolean allowsEnrolment(ContainerRequestContext request) {
        if (!(request.getUriInfo() instanceof ExtendedUriInfo info) || info.getMatchedResourceMethod() == null) {
            return false;
        }
        Invocable invocable = info.getMatchedResourceMethod().getInvocable();
        return invocable.getHandlingMethod().isAnnotationPresent(SecondFactorEnrolment.class)
            || invocable.getDefinitionMethod().isAnnotationPresent(SecondFactorEnrolment.class)
            || invocable.getHandler().getHandlerClass().isAnnotationPresent(SecondFactorEnrolment.class);
    }

    @SuppressWarnings("unchecked")
    private Optional<Instant> credentialsChangedAt(Principal principal) {
        return credentialsChangedAt.apply((P) principal);
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
