package dev.sessionauth.resources;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A second-factor code: six digits from the authenticator, or a recovery code. */
public record CodeRequest(@NotNull @Size(min = 1, max = 64) String code) {

    /** Leaves out the code. */
    @Override
    public String toString() {
        return "CodeRequest[]";
    }
}
