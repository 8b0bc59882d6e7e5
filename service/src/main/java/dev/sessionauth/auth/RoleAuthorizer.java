package dev.sessionauth.auth;

import dev.sessionauth.users.User;
import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** {@code @RolesAllowed} by the roles of the freshly loaded user. Thread-safe. */
public final class RoleAuthorizer implements Authorizer<User> {

    @Override
    public boolean authorize(User user, String role, ContainerRequestContext request) {
        return user.roles().contains(role);
    }
}
