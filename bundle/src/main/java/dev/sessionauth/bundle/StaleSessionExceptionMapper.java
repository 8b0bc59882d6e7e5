package dev.sessionauth.bundle;

import dev.sessionauth.store.StaleSessionException;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** A session changed by a concurrent request answers 409: the client may retry. */
final class StaleSessionExceptionMapper implements ExceptionMapper<StaleSessionException> {

    @Override
    public Response toResponse(StaleSessionException e) {
        return Response.status(Response.Status.CONFLICT)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(Response.Status.CONFLICT.getStatusCode(), "Session changed concurrently; retry"))
            .build();
    }
}
