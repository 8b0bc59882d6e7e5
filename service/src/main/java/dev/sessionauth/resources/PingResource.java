package dev.sessionauth.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /ping}: an unauthenticated answer on the application port, for a load balancer that
 * cannot reach the admin port, and the baseline of the HTTP benchmark. It asks neither the session
 * store nor the database, so it says only that the process serves requests; {@code /healthcheck} on
 * the admin port says whether they can succeed.
 */
@Path("/ping")
@Produces(MediaType.APPLICATION_JSON)
public final class PingResource {

    private static final Map<String, Boolean> PONG = Map.of("ok", true);

    @GET
    public Map<String, Boolean> ping() {
        return PONG;
    }
}
