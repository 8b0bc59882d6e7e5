package dev.sessionauth.bundle.example;

import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.Principal;
import java.util.Map;

/** Resources an API client reaches with its key, some of them a signed-in member too. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ApiResource {

    /** A member's session or an API client's key. */
    @GET
    @Path("whoami")
    public Map<String, String> whoami(@Auth Principal caller) {
        return Map.of("name", caller.getName(), "kind", caller instanceof ApiClient ? "client" : "member");
    }

    /** A member's session (with its CSRF token) or an API client's key, with the role "writer". */
    @POST
    @Path("notes")
    @RolesAllowed("writer")
    public Map<String, String> write(@Auth Principal caller) {
        return Map.of("writtenBy", caller.getName());
    }

    /** API clients only. */
    @GET
    @Path("usage")
    @RolesAllowed("reporting")
    public Map<String, String> usage(@Auth ApiClient client) {
        return Map.of("client", client.name());
    }
}
