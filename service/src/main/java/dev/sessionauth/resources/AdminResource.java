package dev.sessionauth.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sessionauth.bundle.Passkeys;
import dev.sessionauth.bundle.SecondFactors;
import dev.sessionauth.bundle.Sessions;
import dev.sessionauth.users.Accounts;
import dev.sessionauth.users.User;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administration of users' sessions and accounts, for users with the {@code admin} role (others get
 * 403). Roles come from the users table and are read fresh on every request, so revoking the role
 * takes effect at once. Disabling or deleting a user ends all their sessions there and then.
 * Disabling, deleting and revoking need a recent authentication ({@code reauthenticationWindow}),
 * as a password change does, so that a stolen or forgotten admin session cannot lock people out;
 * the last enabled administrator can be neither disabled nor deleted (409).
 */
@Path("/admin/users/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public final class AdminResource {

    private static final Logger LOG = LoggerFactory.getLogger(AdminResource.class);

    /** A user's sessions. */
    public record UserSessions(long userId, List<SessionView> sessions) {}

    /** What an administrative action did; fields that do not apply are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccountChange(long userId, Boolean disabled, Boolean deleted, Integer sessionsEnded) {}

    static final String LAST_ADMIN = "The last administrator cannot be disabled or deleted";

    /** What removing a user's second factors did. */
    public record FactorsRemoved(long userId, boolean secondFactorsRemoved) {}

    private final Accounts accounts;
    private final Sessions sessions;
    private final SecondFactors factors;
    private final Passkeys passkeys;

    /**
     * @param factors  the second factors; null where {@code logins.secondFactors} is off
     * @param passkeys the passkeys; null where {@code logins.passkeys} is off
     */
    public AdminResource(Accounts accounts, Sessions sessions, SecondFactors factors, Passkeys passkeys) {
        this.passkeys = passkeys;
        this.accounts = accounts;
        this.sessions = sessions;
        this.factors = factors;
    }

    /** A user's live sessions, most recently used first, by handle. */
    @GET
    @Path("/sessions")
    public Response sessions(@Auth User admin, @PathParam("id") long id) {
        if (accounts.find(id).isEmpty()) {
            throw noSuchUser();
        }
        return Response.ok(new UserSessions(id, sessions.list(Long.toString(id)).stream()
            .map(session -> SessionView.of(session, null))
            .toList())).build();
    }

    /** Ends every session of the user. */
    @POST
    @Path("/revoke-sessions")
    public Response revokeSessions(@Auth User admin, @PathParam("id") long id,
                                   @Context ContainerRequestContext request) {
        if (!sessions.isRecentlyAuthenticated(request)) {
            throw reauthenticate();
        }
        if (accounts.find(id).isEmpty()) {
            throw noSuchUser();
        }
        int ended = accounts.revokeSessions(id);
        LOG.info("Admin {} ended {} sessions of user {}", admin.id(), ended, id);
        return Response.ok(new AccountChange(id, null, null, ended)).build();
    }

    /** Disables the user: no more logins, and every session ends now. */
    @POST
    @Path("/disable")
    public Response disable(@Auth User admin, @PathParam("id") long id, @Context ContainerRequestContext request) {
        if (!sessions.isRecentlyAuthenticated(request)) {
            throw reauthenticate();
        }
        return answer(admin, id, accounts.disable(id), false);
    }

    /** Lets a disabled user log in again. */
    @POST
    @Path("/enable")
    public Response enable(@Auth User admin, @PathParam("id") long id) {
        if (!accounts.enable(id)) {
            throw noSuchUser();
        }
        LOG.info("Admin {} enabled user {}", admin.id(), id);
        return Response.ok(new AccountChange(id, false, null, null)).build();
    }

    /** Deletes the user; every session ends now. */
    @DELETE
    public Response delete(@Auth User admin, @PathParam("id") long id, @Context ContainerRequestContext request) {
        if (!sessions.isRecentlyAuthenticated(request)) {
            throw reauthenticate();
        }
        return answer(admin, id, accounts.delete(id), true);
    }

    /**
     * Removes the user's second factors (TOTP, recovery codes and passkeys), for a user who lost
     * them, and ends every session of the user. Needs a recently authenticated session of the
     * administrator's own. 404 when the user had none, or second factors and passkeys are off.
     */
    @DELETE
    @Path("/second-factors")
    public Response removeSecondFactors(@Auth User admin, @PathParam("id") long id,
                                        @Context ContainerRequestContext request) {
        if (!sessions.isRecentlyAuthenticated(request)) {
            throw reauthenticate();
        }
        if (accounts.find(id).isEmpty()) {
            throw noSuchUser();
        }
        boolean totp = factors != null && factors.removeFor(request, Long.toString(id));
        boolean anyPasskey = passkeys != null && passkeys.removeAllFor(request, Long.toString(id)) > 0;
        if (!totp && !anyPasskey) {
            throw new WebApplicationException("The user has no second factor", 404);
        }
        LOG.info("Admin {} removed the second factors of user {}", admin.id(), id);
        return Response.ok(new FactorsRemoved(id, true)).build();
    }

    /** The answer to disabling ({@code deleted} false) or deleting a user. */
    private static Response answer(User admin, long id, Accounts.Removal removal, boolean deleted) {
        return switch (removal.outcome()) {
            case NO_SUCH_USER -> throw noSuchUser();
            case LAST_ADMIN -> throw new WebApplicationException(LAST_ADMIN, 409);
            case DONE -> {
                LOG.info("Admin {} {} user {}; {} sessions ended", admin.id(), deleted ? "deleted" : "disabled", id,
                    removal.sessionsEnded());
                yield Response.ok(new AccountChange(id, deleted ? null : true, deleted ? true : null,
                    removal.sessionsEnded())).build();
            }
        };
    }

    private static WebApplicationException reauthenticate() {
        return new WebApplicationException(AccountResource.REAUTHENTICATE, 403);
    }

    private static WebApplicationException noSuchUser() {
        return new WebApplicationException("No such user", 404);
    }
}
