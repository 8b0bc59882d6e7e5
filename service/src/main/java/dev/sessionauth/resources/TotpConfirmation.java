package dev.sessionauth.resources;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /auth/second-factor/totp/confirm}: the enrolment's token and a first code. */
public record TotpConfirmation(@NotNull @Size(min = 1, max = 512) String token,
                               @NotNull @Size(min = 1, max = 64) String code) {

    /** Leaves out the token, which carries the sealed secret, and the code. */
    @Override
    public String toString() {
        return "TotpConfirmation[]";
    }
}
