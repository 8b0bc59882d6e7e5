package dev.sessionauth.resources;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /auth/reauthenticate}. */
public record PasswordRequest(@NotNull @Size(min = 1, max = 1024) String password) {

    /** Leaves out the password. */
    @Override
    public String toString() {
        return "PasswordRequest[]";
    }
}
