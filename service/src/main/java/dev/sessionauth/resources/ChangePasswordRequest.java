package dev.sessionauth.resources;

import dev.sessionauth.auth.Credentials;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /auth/password}. A new password has at least 8 characters (NIST SP
 * 800-63B) and at most 1024, so hashing it stays cheap, and no control character.
 */
public record ChangePasswordRequest(
    @NotNull @Size(min = 1, max = 1024) String currentPassword,
    @NotNull @Size(min = 8, max = 1024, message = "must be 8 to 1024 characters")
    @Pattern(regexp = "[^\\p{Cntrl}\\x{80}-\\x{9F}]*", message = Credentials.CONTROL_CHARACTERS) String newPassword) {

    /** Leaves out both passwords. */
    @Override
    public String toString() {
        return "ChangePasswordRequest[]";
    }
}
