package dev.sessionauth.errors;

import dev.sessionauth.auth.Credentials;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Too many failed password checks lately, for this account from this client or from this client
 * at all, or too many still being checked: 429 with {@code Retry-After} in seconds, the same for a
 * known and an unknown account, saying which of the two it is.
 */
public final class ThrottledMapper implements ExceptionMapper<Credentials.Throttled> {

    @Override
    public Response toResponse(Credentials.Throttled throttled) {
        long seconds = throttled.seconds();
        return Response.status(429)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .entity(new ErrorMessage(429, (throttled.failures() ? "Too many failed attempts" : "Too many attempts at once")
                + "; try again in " + seconds + " seconds"))
            .build();
    }
}
