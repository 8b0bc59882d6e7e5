package dev.sessionauth.errors;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

final class ServiceUnavailable {

    private ServiceUnavailable() {
    }

    /** 503 JSON with a short {@code Retry-After}. */
    static Response response(String message) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header(HttpHeaders.RETRY_AFTER, "1")
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .entity(new ErrorMessage(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), message))
            .build();
    }
}
