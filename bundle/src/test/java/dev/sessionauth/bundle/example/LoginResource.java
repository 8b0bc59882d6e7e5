package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.SessionEvent.Reason;
import dev.sessionauth.bundle.Sessions;
import io.dropwizard.auth.Auth;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

    private final Members members;
    private final Sessions sessions;

    public LoginResource(Members members, Sessions sessions) {
        this.members = members;
        this.sessions = sessions;
    }

    /** The application checks the password; the bundle starts the session and sets the cookie. */
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@NotNull @Valid Credentials credentials, @Context ContainerRequestContext request) {
        return members.authenticate(credentials.name(), credentials.password())
            .map(member -> {
                sessions.start(request, member.id());
                return Response.ok(Map.of("id", member.id(), "name", member.name())).build();
            })
            .orElseGet(() -> Response.status(401).entity(new ErrorMessage(401, "Invalid name or password")).build());
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
