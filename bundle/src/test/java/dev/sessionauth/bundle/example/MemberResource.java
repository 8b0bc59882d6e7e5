package dev.sessionauth.bundle.example;

import dev.sessionauth.bundle.SessionInfo;
import dev.sessionauth.bundle.Sessions;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
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

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    private final Members members;
    private final Sessions sessions;

    public MemberResource(Members members, Sessions sessions) {
        this.members = members;
        this.sessions = sessions;
    }

    @GET
    @Path("me")
    public Map<String, Object> me(@Auth Member member) {
        return Map.of("id", member.id(), "name", member.name(), "roles", member.roles());
    }

    @GET
    @Path("me/sessions")
    public List<String> mySessions(@Auth Member member) {
        return sessions.list(member.id()).stream().map(SessionInfo::handle).toList();
    }

    /** A member who becomes an admin gets a new session ID: a privilege change. */
    @POST
    @Path("me/elevate")
    @RolesAllowed("admin-candidate")
    public Map<String, String> elevate(@Auth Member member, @Context ContainerRequestContext request) {
        members.grant(member.id(), "admin");
        return Map.of("session", sessions.rotate(request).handle());
    }

    @GET
    @Path("admin/members/{id}")
    @RolesAllowed("admin")
    public Map<String, Object> member(@Auth Member admin, @PathParam("id") String id) {
        return Map.of("id", id, "sessions", sessions.list(id).size());
    }
}
