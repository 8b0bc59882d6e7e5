package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionStoreException;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session store that failed answers 503 JSON with a short {@code Retry-After}: the request is
 * refused, never let through, and the client may try again once the store is back.
 */
final class SessionStoreExceptionMapper implements ExceptionMapper<SessionStoreException> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStoreExceptionMapper.class);

    @Override
    public Response toResponse(SessionStoreException e) {
        LOG.warn("Session store unavailable: {}", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header(HttpHeaders.RETRY_AFTER, "1")
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .entity(new ErrorMessage(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), "Session store unavailable"))
            .build();
    }
}
