package dev.sessionauth.errors;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.annotation.Priority;
import jakarta.validation.ConstraintViolation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/**
 * Invalid request bodies answer 422 in the service's one error shape,
 * {@code {"code":422,"message":"password must not be null"}}, rather than Dropwizard's
 * {@code {"errors":[...]}}. Takes precedence over Dropwizard's own mapper.
 */
@Priority(1)
public final class ValidationExceptionMapper implements ExceptionMapper<JerseyViolationException> {

    @Override
    public Response toResponse(JerseyViolationException e) {
        int status = ConstraintMessage.determineStatus(e.getConstraintViolations(), e.getInvocable());
        String message = e.getConstraintViolations().stream()
            .map((ConstraintViolation<?> v) -> ConstraintMessage.getMessage(v, e.getInvocable()))
            .sorted()
            .collect(Collectors.joining("; "));
        return Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ErrorMessage(status, message))
            .build();
    }
}
