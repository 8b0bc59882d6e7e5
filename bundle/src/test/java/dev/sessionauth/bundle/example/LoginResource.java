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
import java.util.Map;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {

    public record Credentials(@NotNull String name, @NotNull String password) {
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
     * For programs and mobile apps: the same sign-in, and the session's token to send as
     * {@code Authorization: Bearer} instead of the cookie (needs {@code bearerTokens: true}).
     */
    @POST
    @Path("login/token")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, String> token(@NotNull @Valid Credentials credentials, @Context ContainerRequestContext request) {
        Logins.SignedIn signedIn = logins.signIn(request, credentials.name(), credentials.password());
        return Map.of("id", signedIn.account().key(),
            "token", sessions.bearerToken(request).orElseThrow(NotFoundException::new));
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
}
