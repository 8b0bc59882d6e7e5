package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.Logins;
import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.Sessions;
import io.dropwizard.auth.Auth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {

    public record Credentials(@NotNull String name, @NotNull String password) {
    }

    public record Code(@NotNull String code) {
    }

    public record PendingCode(@NotNull String pendingToken, @NotNull String code) {
    }

    private final Logins logins;
    private final Sessions sessions;

    public LoginResource(Logins logins, Sessions sessions) {
        this.logins = logins;
        this.sessions = sessions;
    }

    /**
     * The bundle checks the password and starts the session; a refusal answers itself
     * (401, 429 with Retry-After, 503 with Retry-After).
     */
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> login(@NotNull @Valid Credentials credentials, @Context ContainerRequestContext request) {
        Logins.SignedIn signedIn = logins.signIn(request, credentials.name(), credentials.password());
        return Map.of("id", signedIn.account().key(), "name", signedIn.account().username());
    }

    /**
     * A member with a second factor: the password answered 401 "Second factor required" with a
     * short-lived cookie; a code from the authenticator (or a recovery code) starts the session.
     */
    @POST
    @Path("login/second-factor")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> secondFactor(@NotNull @Valid Code code, @Context ContainerRequestContext request) {
        Logins.SignedIn signedIn = logins.completeSignIn(request, code.code());
        return Map.of("id", signedIn.account().key(), "name", signedIn.account().username());
    }

    /**
     * For programs and mobile apps: the same sign-in, and the session's token to send as
     * {@code Authorization: Bearer} instead of the cookie (needs {@code bearerTokens: true}). A
     * member with a second factor gets a pending token instead, to send back with a code.
     */
    @POST
    @Path("login/token")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response token(@NotNull @Valid Credentials credentials, @Context ContainerRequestContext request) {
        try {
            Logins.SignedIn signedIn = logins.signIn(request, credentials.name(), credentials.password());
            return Response.ok(bearer(signedIn, request)).build();
        } catch (Logins.SecondFactorPending pending) {
            return Response.status(401).entity(Map.of("code", 401, "message", pending.getMessage(),
                "pendingToken", pending.pendingToken())).build();
        }
    }

    @POST
    @Path("login/token/second-factor")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> tokenSecondFactor(@NotNull @Valid PendingCode code,
                                                 @Context ContainerRequestContext request) {
        return bearer(logins.completeSignIn(request, code.pendingToken(), code.code()), request);
    }

    @POST
    @Path("logout")
    public Map<String, Boolean> logout(@Context ContainerRequestContext request) {
        return Map.of("loggedOut", sessions.end(request));
    }

    @POST
    @Path("logout-everywhere")
    public Map<String, Integer> logoutEverywhere(@Auth Member member, @Context ContainerRequestContext request) {
        int ended = sessions.endAll(member.id(), Reason.LOGOUT_ALL);
        sessions.end(request);
        return Map.of("sessionsEnded", ended);
    }

    private Map<String, String> bearer(Logins.SignedIn signedIn, ContainerRequestContext request) {
        return Map.of("id", signedIn.account().key(),
            "token", sessions.bearerToken(request).orElseThrow(NotFoundException::new));
    }
}
