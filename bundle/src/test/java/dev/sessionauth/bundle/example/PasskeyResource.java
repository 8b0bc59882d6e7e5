package dev.sessionauth.bundle.example;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.Passkey;
import dev.sessionauth.bundle.Passkeys;
import dev.sessionauth.bundle.SecondFactorEnrolment;
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
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Passkeys for the page's script: each ceremony is two calls, the options for the browser's
 * {@code navigator.credentials} and then what {@code credential.toJSON()} gave. Every refusal
 * answers itself (401 "Passkey refused", 403, 409, 429).
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class PasskeyResource {

    public record Registration(@NotNull String name, @NotNull JsonNode credential) {
    }

    public record Answer(@NotNull JsonNode credential) {
    }

    private final Logins logins;
    private final Passkeys passkeys;

    public PasskeyResource(Logins logins) {
        this.logins = logins;
        this.passkeys = logins.passkeys();
    }

    /** A member who must add a second factor may add a passkey as that factor. */
    @POST
    @SecondFactorEnrolment
    @Path("me/passkeys/options")
    public Map<String, Object> registrationOptions(@Auth Member member, @Context ContainerRequestContext request) {
        return passkeys.registrationOptions(request, member.id(), member.name());
    }

    @POST
    @SecondFactorEnrolment
    @Path("me/passkeys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> register(@Auth Member member, @NotNull @Valid Registration registration,
                                        @Context ContainerRequestContext request) {
        Passkey passkey = passkeys.register(request, member.id(), registration.name(),
            registration.credential().toString());
        return Map.of("id", passkey.credentialId(), "name", passkey.name());
    }

    @GET
    @Path("me/passkeys")
    public List<Map<String, Object>> list(@Auth Member member) {
        return passkeys.list(member.id()).stream().map(passkey -> Map.<String, Object>of("id", passkey.credentialId(),
            "name", passkey.name(), "createdAt", passkey.createdAt().toString(),
            "lastUsedAt", passkey.lastUsed().map(Object::toString).orElse(""), "synced", passkey.backedUp())).toList();
    }

    @DELETE
    @Path("me/passkeys/{id}")
    public Map<String, Boolean> remove(@Auth Member member, @PathParam("id") String id,
                                       @Context ContainerRequestContext request) {
        return Map.of("removed", passkeys.remove(request, member.id(), id));
    }

    /** Signing in with a passkey alone: aal2 when the authenticator verified the member. */
    @POST
    @Path("login/passkey/options")
    public Map<String, Object> signInOptions() {
        return passkeys.signInOptions();
    }

    @POST
    @Path("login/passkey")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> signIn(@NotNull @Valid Answer answer, @Context ContainerRequestContext request) {
        return signedIn(logins.signInWithPasskey(request, answer.credential().toString()));
    }

    /** After a right password (401 "Second factor required"), a passkey instead of a code. */
    @POST
    @Path("login/second-factor/passkey/options")
    public Map<String, Object> secondFactorOptions(@Context ContainerRequestContext request) {
        return logins.pendingPasskeyOptions(request);
    }

    @POST
    @Path("login/second-factor/passkey")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> secondFactor(@NotNull @Valid Answer answer, @Context ContainerRequestContext request) {
        return signedIn(logins.completeSignInWithPasskey(request, answer.credential().toString()));
    }

    private static Map<String, String> signedIn(Logins.SignedIn signedIn) {
        return Map.of("id", signedIn.account().key(), "name", signedIn.account().username(),
            "level", signedIn.session().assuranceLevel().label());
    }
}
