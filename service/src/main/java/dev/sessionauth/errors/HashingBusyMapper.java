package dev.sessionauth.errors;

import dev.sessionauth.users.PasswordHasher;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Password hashing at capacity ({@code logins.concurrentHashes} running, the queue full or the
 * wait over): 503 with {@code Retry-After}, for a known and an unknown user alike. Not logged one
 * by one: under a flood that would be a line per attempt; the gauge
 * {@code sessionauth.hashing.refused} counts them.
 */
public final class HashingBusyMapper implements ExceptionMapper<PasswordHasher.Busy> {

    static final String MESSAGE = "Too many sign-ins at once; try again in a moment";

    @Override
    public Response toResponse(PasswordHasher.Busy busy) {
        return ServiceUnavailable.response(MESSAGE);
    }
}
