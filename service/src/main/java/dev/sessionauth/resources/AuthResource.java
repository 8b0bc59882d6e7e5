package dev.sessionauth.resources;

import dev.sessionauth.auth.CsrfFilter;
import dev.sessionauth.session.CookieSigner;
import dev.sessionauth.session.SessionCookies;
import dev.sessionauth.session.SessionEvent;
import dev.sessionauth.session.SessionManager;
import dev.sessionauth.session.SessionResolver;
import dev.sessionauth.store.Session;
import dev.sessionauth.users.PasswordHasher;
import dev.sessionauth.users.User;
import dev.sessionauth.users.UserDao;
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

    static final String LOGIN_FAILED = "Invalid username or password";
    private static final int MAX_USER_AGENT = 512;

    private final UserDao users;
    private final PasswordHasher hasher;
    private final SessionManager sessions;
    private final SessionResolver resolver;
    private final CookieSigner signer;
    private final SessionCookies cookies;

    public AuthResource(UserDao users, PasswordHasher hasher, SessionManager sessions, SessionResolver resolver,
                        CookieSigner signer, SessionCookies cookies) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.resolver = resolver;
        this.signer = signer;
        this.cookies = cookies;
    }

    /**
     * Verifies the credentials and starts a new session under a new ID; a session the request
     * presented is ended first, so an ID planted before login is worthless after it. Every bad
     * credential gets the same 401.
     */
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@NotNull @Valid LoginRequest login, @Context ContainerRequestContext request,
                          @Context HttpServletRequest servletRequest) {
        Optional<User> user = users.findByUsername(login.username());
        boolean verified = hasher.verify(login.password(), user.map(User::passwordHash));
        if (!verified || user.get().disabled()) {
            LOG.info("Login refused");
            return JsonErrors.error(401, LOGIN_FAILED);
        }
        resolver.session(request).ifPresent(previous -> sessions.end(previous, SessionEvent.Reason.SUPERSEDED));

        Session saved = sessions.create(user.get().id(), truncate(request.getHeaderString(HttpHeaders.USER_AGENT)),
            servletRequest.getRemoteAddr());
        LOG.info("Login of user {}", user.get().id());
        return Response.ok(UserResponse.of(user.get()))
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

    private static String truncate(String userAgent) {
        return userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
            : userAgent.substring(0, MAX_USER_AGENT);
    }
}
