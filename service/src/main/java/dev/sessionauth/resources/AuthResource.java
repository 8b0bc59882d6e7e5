package dev.sessionauth.resources;

import dev.sessionauth.auth.Credentials;
import dev.sessionauth.auth.CsrfFilter;
import dev.sessionauth.session.CookieSigner;
import dev.sessionauth.session.SessionCookies;
import dev.sessionauth.session.SessionEvent;
import dev.sessionauth.session.SessionManager;
import dev.sessionauth.session.SessionResolver;
import dev.sessionauth.store.Session;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
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

    private final Credentials credentials;
    private final SessionManager sessions;
    private final SessionResolver resolver;
    private final CookieSigner signer;
    private final SessionCookies cookies;

    public AuthResource(Credentials credentials, SessionManager sessions, SessionResolver resolver,
                        CookieSigner signer, SessionCookies cookies) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.resolver = resolver;
        this.signer = signer;
        this.cookies = cookies;
    }

    /**
     * Verifies the credentials and starts a new session under a new ID (see
     * {@link Credentials#login}). Every bad credential gets the same 401.
     */
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@NotNull @Valid LoginRequest login, @Context ContainerRequestContext request,
                          @Context HttpServletRequest servletRequest) {
        Optional<Credentials.Login> started = credentials.login(login.username(), login.password(), request,
            servletRequest.getRemoteAddr());
        if (started.isEmpty()) {
            return JsonErrors.error(401, Credentials.LOGIN_FAILED);
        }
        Session saved = started.get().session();
        return Response.ok(UserResponse.of(started.get().user()))
            .cookie(cookies.issue(signer.sign(saved.id())))
            .header(CsrfFilter.HEADER, saved.csrfToken())
            .build();
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
        resolver.session(request).ifPresent(session -> {
            sessions.end(session, SessionEvent.Reason.LOGOUT);
            LOG.info("Logout of user {}", session.userId());
        });
        return Response.ok(Map.of("loggedOut", true))
            .cookie(cookies.expire())
            .build();
    }

    /** The CSRF token of the current session. */
    @GET
    @Path("/csrf")
    public Map<String, String> csrf(@Auth User user, @Context ContainerRequestContext request) {
        Session session = resolver.session(request).orElseThrow(IllegalStateException::new);
        return Map.of("token", session.csrfToken());
    }
}
