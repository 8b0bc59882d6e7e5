package dev.sessionauth.resources;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a logged-in user can do about their own sessions and password (OWASP ASVS 5.0 V7): list and
 * end sessions, log out everywhere, re-authenticate, change the password. Every mutating call needs
 * the session's CSRF token, like any unsafe request.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class AccountResource {

    private static final Logger LOG = LoggerFactory.getLogger(AccountResource.class);

    /** The answer to {@code POST /auth/logout-all}. */
    public record LoggedOutEverywhere(boolean loggedOut, int sessionsEnded) {}

    /** The answer to {@code POST /auth/reauthenticate}. */
    public record Reauthenticated(String recentlyAuthenticatedUntil) {}

    /** The answer to {@code POST /auth/password}. */
    public record PasswordChanged(boolean passwordChanged, int otherSessionsEnded) {}

    static final String WRONG_PASSWORD = "Invalid password";
    static final String REAUTHENTICATE = "Re-authentication required";

    private final Logins logins;
    private final Sessions sessions;

    public AccountResource(Logins logins, Sessions sessions) {
        this.logins = logins;
        this.sessions = sessions;
    }

    /** The user's live sessions, most recently used first; the caller's is marked current. */
    @GET
    @Path("/sessions")
    public Map<String, List<SessionView>> list(@Auth User user, @Context ContainerRequestContext request) {
        String current = current(request).handle();
        List<SessionView> views = sessions.list(user.key()).stream()
            .map(session -> SessionView.of(session, session.handle().equals(current)))
            .toList();
        return Map.of("sessions", views);
    }

    /**
     * Ends one of the user's sessions, named by handle. Ending another session than the caller's
     * needs a recently authenticated session (403 otherwise), so that a stolen cookie cannot sign
     * its owner out everywhere else (ASVS 7.5.2). 404 for a handle that is not one of the caller's
     * live sessions, whether or not it names someone else's.
     */
    @DELETE
    @Path("/sessions/{handle}")
    public Response revoke(@Auth User user, @PathParam("handle") String handle,
                           @Context ContainerRequestContext request) {
        boolean own = handle.equals(current(request).handle());
        if (!own && !sessions.isRecentlyAuthenticated(request)) {
            throw new WebApplicationException(REAUTHENTICATE, 403);
        }
        boolean ended = own ? sessions.end(request, Reason.REVOKED) : sessions.end(user.key(), handle, Reason.REVOKED);
        if (!ended) {
            throw new WebApplicationException("No such session", 404);
        }
        LOG.info("User {} ended session {}", user.id(), handle);
        return Response.noContent().build();
    }

    /**
     * Ends every session of the user, the caller's included, and expires the cookie. Needs a
     * recently authenticated session (403 otherwise), as ending another session does.
     */
    @POST
    @Path("/logout-all")
    public Response logoutAll(@Auth User user, @Context ContainerRequestContext request) {
        if (!sessions.isRecentlyAuthenticated(request)) {
            throw new WebApplicationException(REAUTHENTICATE, 403);
        }
        int ended = sessions.endAll(user.key(), Reason.LOGOUT_ALL);
        sessions.end(request);
        return Response.ok(new LoggedOutEverywhere(true, ended)).build();
    }

    /**
     * Checks the password again, then moves the session to a new ID (the old one is dead) that
     * counts as recently authenticated for {@code reauthenticationWindow}. A wrong password
     * changes nothing.
     */
    @SecondFactorEnrolment
    @POST
    @Path("/reauthenticate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reauthenticate(@Auth User user, @NotNull @Valid PasswordRequest body,
                                   @Context ContainerRequestContext request) {
        Optional<SessionInfo> rotated = logins.reauthenticate(request, user.key(), body.password());
        if (rotated.isEmpty()) {
            LOG.info("Re-authentication of user {} refused", user.id());
            throw new WebApplicationException(WRONG_PASSWORD, 401);
        }
        return Response.ok(new Reauthenticated(rotated.get().recentlyAuthenticatedUntil().toString())).build();
    }

    /**
     * Changes the password. Needs a recently authenticated session (403 otherwise) and the current
     * password (401 otherwise); ends every other session of the user and moves this one to a new ID.
     */
    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@Auth User user, @NotNull @Valid ChangePasswordRequest body,
                                   @Context ContainerRequestContext request) {
        if (!sessions.isRecentlyAuthenticated(request)) {
            throw new WebApplicationException(REAUTHENTICATE, 403);
        }
        Logins.PasswordChange change = logins.changePassword(request, user.key(), body.currentPassword(),
            body.newPassword());
        if (change == Logins.NotChanged.WRONG_PASSWORD) {
            throw new WebApplicationException(WRONG_PASSWORD, 401);
        }
        if (change == Logins.NotChanged.UNCHANGED) {
            throw new WebApplicationException("newPassword must differ from currentPassword", 422);
        }
        Logins.Changed changed = (Logins.Changed) change;
        return Response.ok(new PasswordChanged(true, changed.otherSessionsEnded())).build();
    }

    private SessionInfo current(ContainerRequestContext request) {
        return sessions.current(request).orElseThrow(IllegalStateException::new);
    }
}
