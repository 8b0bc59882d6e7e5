package dev.sessionauth.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.jdbi.v3.core.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A user database that cannot be reached answers 503, like a failed session store. */
public final class DatabaseExceptionMapper implements ExceptionMapper<ConnectionException> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseExceptionMapper.class);

    @Override
    public Response toResponse(ConnectionException e) {
        LOG.warn("User database unavailable: {}", e.getMessage());
        return ServiceUnavailable.response("User database unavailable");
    }
}
