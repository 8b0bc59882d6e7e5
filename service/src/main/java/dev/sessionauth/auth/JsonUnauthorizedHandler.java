package dev.sessionauth.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Answers 401 with a JSON {@code {"code":401,"message":...}} that never says why: an unknown, expired
 * or forged session all look the same to the client.
 */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {

    static final String MESSAGE = "Not authenticated";

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(Response.Status.UNAUTHORIZED)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(Response.Status.UNAUTHORIZED.getStatusCode(), MESSAGE))
            .build();
    }
}
