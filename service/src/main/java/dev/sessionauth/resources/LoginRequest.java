package dev.sessionauth.resources;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /auth/login}. Lengths are bounded so a login cannot be made expensive. */
public record LoginRequest(
    @NotBlank @Size(max = 255) String username,
    @NotNull @Size(min = 1, max = 1024) String password) {

    /** Leaves out the password. */
    @Override
    public String toString() {
        return "LoginRequest[username=" + username + "]";
    }
}
