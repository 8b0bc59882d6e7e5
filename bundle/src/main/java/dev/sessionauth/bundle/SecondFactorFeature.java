package dev.sessionauth.bundle;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.time.Duration;

/**
 * Puts {@link RequireSecondFactor} into effect: a filter on each method it marks, after
 * authentication and authorization, refusing a request whose session is not at {@code aal2}
 * recently enough.
 */
final class SecondFactorFeature implements DynamicFeature {

    private final DefaultSessions sessions;

    SecondFactorFeature(DefaultSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        RequireSecondFactor required = resourceInfo.getResourceMethod().getAnnotation(RequireSecondFactor.class);
        if (required == null) {
            required = resourceInfo.getResourceClass().getAnnotation(RequireSecondFactor.class);
        }
        if (required != null) {
            if (required.withinSeconds() < 0) {
                throw new IllegalArgumentException("@RequireSecondFactor(withinSeconds) must not be negative on "
                    + resourceInfo.getResourceMethod());
            }
            context.register(new Check(sessions, Duration.ofSeconds(required.withinSeconds())));
        }
    }

    @Priority(Priorities.AUTHORIZATION + 100)
    private static final class Check implements ContainerRequestFilter {

        private final DefaultSessions sessions;
        private final Duration within;

        Check(DefaultSessions sessions, Duration within) {
            this.sessions = sessions;
            this.within = within;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            boolean passed = sessions.session(request)
                .filter(session -> SecondFactors.isRecent(session, within, sessions.policy().now()))
                .isPresent();
            if (!passed) {
                throw new SecondFactors.Refused(403, SecondFactors.REQUIRED);
            }
        }
    }
}
