package dev.sessionauth.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error answers of the resources, in the one JSON shape every error has: {@code {"code","message"}}. */
final class JsonErrors {

    private JsonErrors() {
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(status, message)).build();
    }
}
