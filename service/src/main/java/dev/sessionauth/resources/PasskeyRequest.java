package dev.sessionauth.resources;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A passkey ceremony's answer: the credential as the browser's {@code credential.toJSON()} gave
 * it, and for a registration the name the user chose.
 *
 * @param name       what the user calls a new passkey; null for a sign-in or a step-up
 * @param credential {@code RegistrationResponseJSON} or {@code AuthenticationResponseJSON}
 */
public record PasskeyRequest(@Size(max = 64) String name, @NotNull JsonNode credential) {

    /** The credential as JSON text, for the verifier. */
    String credentialJson() {
        return credential.toString();
    }

    /** Leaves out the credential. */
    @Override
    public String toString() {
        return "PasskeyRequest[name=" + name + "]";
    }
}
