package dev.sessionauth.errors;

import dev.sessionauth.store.SessionStoreException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A session store that failed answers 503: the request is refused, never let through. */
public final class SessionStoreExceptionMapper implements ExceptionMapper<SessionStoreException> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStoreExceptionMapper.class);

    @Override
    public Response toResponse(SessionStoreException e) {
        LOG.warn("Session store unavailable: {}", e.getMessage());
        return ServiceUnavailable.response("Session store unavailable");
    }
}
