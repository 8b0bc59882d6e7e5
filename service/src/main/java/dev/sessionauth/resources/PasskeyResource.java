package dev.sessionauth.resources;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.Passkey;
import dev.sessionauth.bundle.Passkeys;
import dev.sessionauth.bundle.RequireSecondFactor;
import dev.sessionauth.bundle.SecondFactorEnrolment;
import dev.sessionauth.bundle.SessionInfo;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Passkeys over JSON, for a single-page application and for the pages' script: the ceremonies'
 * options and answers in the WebAuthn JSON serialisation ({@link Passkeys}). Registration and
 * removal need a recently authenticated session; signing in needs nothing but the passkey; the
 * second factor of a pending sign-in and a step-up need that sign-in or session.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public final class PasskeyResource {

    /** A passkey as the account's list shows it: never its key. */
    public record PasskeyView(String id, String name, String createdAt, String lastUsedAt, boolean synced) {

        static PasskeyView of(Passkey passkey) {
            return new PasskeyView(passkey.credentialId(), passkey.name(), passkey.createdAt().toString(),
                passkey.lastUsed().map(Instant::toString).orElse(null), passkey.backedUp());
        }
    }

    /** A session after a passkey: its level. */
    public record PasskeySession(long id, String username, String assuranceLevel) {}

    private final Logins logins;
    private final Passkeys passkeys;

    public PasskeyResource(Logins logins) {
        this.logins = logins;
        this.passkeys = logins.passkeys();
    }

    /** The user's passkeys, oldest first. */
    @SecondFactorEnrolment
    @GET
    @Path("/passkeys")
    public List<PasskeyView> list(@Auth User user) {
        return passkeys.list(user.key()).stream().map(PasskeyView::of).toList();
    }

    /** The options for registering a passkey; needs a recently authenticated session. */
    @SecondFactorEnrolment
    @POST
    @Path("/passkeys/options")
    public Map<String, Object> registrationOptions(@Auth User user, @Context ContainerRequestContext request) {
        return passkeys.registrationOptions(request, user.key(), user.username());
    }

    /**
     * Registers the passkey the browser made, under its name: 201 with it. The session moves to a
     * new ID at {@code aal2}, as after a TOTP's first code.
     */
    @SecondFactorEnrolment
    @POST
    @Path("/passkeys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@Auth User user, @NotNull @Valid PasskeyRequest body,
                             @Context ContainerRequestContext request) {
        Passkey passkey = passkeys.register(request, user.key(), body.name(), body.credentialJson());
        return Response.status(Response.Status.CREATED).entity(PasskeyView.of(passkey)).build();
    }

    /**
     * Removes one of the user's passkeys; needs a recently authenticated session that passed its
     * second factor within five minutes, as removing a TOTP factor does. 404 for one the user does
     * not have.
     */
    @DELETE
    @RequireSecondFactor(withinSeconds = SecondFactorResource.RECENT_SECOND_FACTOR)
    @Path("/passkeys/{id}")
    public Response remove(@Auth User user, @PathParam("id") String id, @Context ContainerRequestContext request) {
        if (!passkeys.remove(request, user.key(), id)) {
            throw new WebApplicationException("No such passkey", 404);
        }
        return Response.noContent().build();
    }

    /** The options for signing in with a passkey alone: the browser offers the ones it has for this site. */
    @POST
    @Path("/login/passkey/options")
    public Map<String, Object> signInOptions() {
        return passkeys.signInOptions();
    }

    /** Signs in with a passkey alone: {@code aal2} when the authenticator verified the user, {@code aal1} when not. */
    @POST
    @Path("/login/passkey")
    @Consumes(MediaType.APPLICATION_JSON)
    public PasskeySession signIn(@NotNull @Valid PasskeyRequest body, @Context ContainerRequestContext request) {
        return session(logins.signInWithPasskey(request, body.credentialJson()));
    }

    /** The options for answering the pending sign-in (a right password) with one of its user's passkeys. */
    @POST
    @Path("/login/second-factor/passkey/options")
    public Map<String, Object> secondFactorOptions(@Context ContainerRequestContext request) {
        return logins.pendingPasskeyOptions(request);
    }

    /** Finishes the pending sign-in with a passkey: the session starts at {@code aal2}. */
    @POST
    @Path("/login/second-factor/passkey")
    @Consumes(MediaType.APPLICATION_JSON)
    public PasskeySession secondFactor(@NotNull @Valid PasskeyRequest body, @Context ContainerRequestContext request) {
        return session(logins.completeSignInWithPasskey(request, body.credentialJson()));
    }

    /** The options for stepping the signed-in session up with one of the user's passkeys. */
    @POST
    @Path("/step-up/passkey/options")
    public Map<String, Object> stepUpOptions(@Auth User user, @Context ContainerRequestContext request) {
        return passkeys.stepUpOptions(request, user.key());
    }

    /** Steps the signed-in session up with a passkey: a new ID at {@code aal2}, dated now. */
    @POST
    @Path("/step-up/passkey")
    @Consumes(MediaType.APPLICATION_JSON)
    public SecondFactorResource.SteppedUp stepUp(@Auth User user, @NotNull @Valid PasskeyRequest body,
                                                 @Context ContainerRequestContext request) {
        SessionInfo session = passkeys.stepUp(request, user.key(), body.credentialJson());
        return new SecondFactorResource.SteppedUp(session.assuranceLevel().label(),
            session.secondFactorAt().orElseThrow().toString());
    }

    private static PasskeySession session(Logins.SignedIn signedIn) {
        UserResponse user = UserResponse.of(signedIn.account());
        return new PasskeySession(user.id(), user.username(), signedIn.session().assuranceLevel().label());
    }
}
