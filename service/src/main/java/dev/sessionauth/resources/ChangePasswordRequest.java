package dev.sessionauth.resources;

import dev.sessionauth.users.NewPassword;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /auth/password}. The new password meets the {@link NewPassword password
 * policy}: 8 to 1024 characters, no control character, not a common password.
 */
public record ChangePasswordRequest(
    @NotNull @Size(min = 1, max = 1024) String currentPassword,
    @NotNull @NewPassword String newPassword) {

    /** Leaves out both passwords. */
    @Override
    public String toString() {
        return "ChangePasswordRequest[]";
    }
}
