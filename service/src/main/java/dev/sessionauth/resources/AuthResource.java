package dev.sessionauth.resources;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login, logout, the current user and the CSRF token, per the HTTP contract in DESIGN.md. */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AuthResource {

    private static final Logger LOG = LoggerFactory.getLogger(AuthResource.class);

    private final Logins logins;
    private final Sessions sessions;

    public AuthResource(Logins logins, Sessions sessions) {
        this.logins = logins;
        this.sessions = sessions;
    }

    /**
     * Verifies the credentials and starts a new session under a new ID (see
     * {@link Logins#signIn}); the bundle sends its cookie and CSRF token with the answer, and
     * the browser gets a new device cookie. Every bad credential gets the same 401.
     */
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@NotNull @Valid LoginRequest login, @Context ContainerRequestContext request) {
        Logins.SignedIn signedIn = logins.signIn(request, login.username(), login.password());
        return Response.ok(UserResponse.of(signedIn.account())).build();
    }

    /** The logged-in user. */
    @GET
    @Path("/profile")
    public UserResponse profile(@Auth User user) {
        return UserResponse.of(user);
    }

    /**
     * Ends the request's session, if it has one, and expires the cookie. Idempotent: logging out
     * without a live session also answers 200.
     */
    @POST
    @Path("/logout")
    public Response logout(@Context ContainerRequestContext request) {
        sessions.current(request).ifPresent(session -> LOG.info("Logout of user {}", session.userKey()));
        sessions.end(request);
        return Response.ok(Map.of("loggedOut", true)).build();
    }

    /** The CSRF token of the current session. */
    @SecondFactorEnrolment
    @GET
    @Path("/csrf")
    public Map<String, String> csrf(@Auth User user, @Context ContainerRequestContext request) {
        return Map.of("token", sessions.csrfToken(request));
    }
}
